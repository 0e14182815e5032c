import logging
import io
import sys

out = io.StringIO()
sys.stderr = err = io.StringIO()

a = logging.StreamHandler(out)
a.setFormatter(logging.Formatter("A %(levelname)s %(name)s: %(message)s"))
b = logging.StreamHandler(out)
b.setLevel(logging.ERROR)
b.setFormatter(logging.Formatter("B %(levelname)s %(name)s: %(message)s"))
svc = logging.getLogger("svc")
svc.setLevel(logging.DEBUG)
svc.addHandler(a)
svc.addHandler(b)
svc.propagate = False
svc.debug("both? no: B is at ERROR")
svc.error("both handlers")
a.addFilter(logging.Filter("svc.db"))
logging.getLogger("svc.db").info("passes A's filter")
logging.getLogger("svc.dbx").info("svc.dbx is not under svc.db")
logging.getLogger("svc.db.pool").info("svc.db.pool is")
a.removeFilter(a.filters[0])
def only_odd(record):
    return record.args and record.args[0] % 2 == 1
svc.addFilter(only_odd)
for i in range(4):
    svc.info("number %d", i)
svc.removeFilter(only_odd)
svc.removeHandler(b)
svc.error("only A now")
print("handlers:", [repr(h) for h in svc.handlers])
print("levels:", a.level, b.level)

# No handler anywhere: Python's lastResort writes the bare message to stderr (WARNING and up).
orphan = logging.getLogger("orphan")
orphan.info("dropped: below lastResort's level")
orphan.warning("last resort %s", "message")
orphan.error("and errors")

# A record that cannot be formatted: reported, and logging goes on.
svc.info("two %s %s", "one")
svc.info("after the bad one")
for line in out.getvalue().splitlines():
    print("out|", line)
lines = err.getvalue().splitlines()
print("err|", lines[0])
print("err|", lines[1])
print("err| ...", [l for l in lines if l.startswith("TypeError")][0])
print("err|", [l for l in lines if l.startswith("Message")][0])
