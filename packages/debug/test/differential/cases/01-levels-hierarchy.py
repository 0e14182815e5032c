import logging
import io

buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
logging.getLogger().addHandler(h)

deep = logging.getLogger("app.db.pool")  # made before its parents
app = logging.getLogger("app")
print("deep parent:", deep.parent.name)
db = logging.getLogger("app.db")
print("deep parent after app.db:", deep.parent.name, "| db parent:", db.parent.name)
print("root:", logging.getLogger().name, logging.getLogger("") is logging.root)
print("same object:", logging.getLogger("app.db") is db, app.getChild("db") is db)
print("effective:", deep.getEffectiveLevel(), logging.getLevelName(deep.getEffectiveLevel()))
app.setLevel(logging.DEBUG)
print("after app DEBUG:", deep.getEffectiveLevel(), deep.isEnabledFor(logging.DEBUG), logging.getLogger("other").isEnabledFor(logging.INFO))
app.setLevel("INFO")
print("after app 'INFO':", db.getEffectiveLevel())
deep.debug("not shown")
deep.info("pool size %d", 4)
db.warning("%s of %s", "one", "two")
db.propagate = False
db.error("dropped: no handler on app.db, and it does not propagate")
print("has handlers:", db.hasHandlers(), deep.hasHandlers(), app.hasHandlers())
db.propagate = True
for name in ["DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "NOTSET"]:
    print(name, logging.getLevelName(name))
print(logging.getLevelName(10), logging.getLevelName(25), logging.getLevelName("NOPE"))
logging.addLevelName(25, "NOTICE")
print(logging.getLevelName(25), logging.getLevelName("NOTICE"))
app.log(25, "a %s record", "notice")
try:
    app.setLevel("LOUD")
except ValueError as e:
    print("ValueError:", e)
try:
    app.setLevel(None)
except TypeError as e:
    print("TypeError:", e)
print(repr(app), repr(logging.root))
logging.disable(logging.WARNING)
app.warning("disabled")
app.error("still shown")
logging.disable(logging.NOTSET)
for line in buf.getvalue().splitlines():
    print("|", line)
