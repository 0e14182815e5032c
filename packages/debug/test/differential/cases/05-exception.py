import logging
import io

buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("%(levelname)s:%(name)s:%(message)s"))
log = logging.getLogger("job")
log.addHandler(h)
log.propagate = False


def parse(text):
    raise ValueError(f"bad value: {text!r}")


try:
    parse("x1")
except ValueError:
    log.exception("parsing %s failed", "x1")
try:
    parse("y2")
except ValueError as e:
    log.warning("kept going", exc_info=e)
    log.error("no traceback without exc_info")
try:
    try:
        parse("z3")
    except ValueError as e:
        raise RuntimeError("wrapped") from e
except RuntimeError as e:
    log.critical("chained", exc_info=e)
log.error("exc_info=True outside except", exc_info=True)

text = buf.getvalue()
for line in text.splitlines():
    # Frames differ between the languages (file, line, source): keep the rest.
    if line.startswith("  "):
        continue
    print("|", line)
