import logging
import io
import sys

buf = io.StringIO()
logging.basicConfig(stream=buf)
logging.warning("default format, root at %s", logging.getLevelName(logging.root.level))
logging.info("not shown: root is at WARNING")
logging.basicConfig(stream=buf, level=logging.DEBUG, format="ignored %(message)s")
logging.warning("second call changed nothing")
logging.basicConfig(stream=buf, level=logging.DEBUG, format="%(levelname)s|%(name)s|%(message)s", force=True)
logging.debug("force replaced the handler")
logging.getLogger("child").info("children %s", "propagate")
logging.basicConfig(stream=buf, style="{", format="{levelname}/{name}/{message}", force=True)
logging.error("brace style %s", "works")
logging.basicConfig(stream=buf, style="$", format="${levelname}:${message}", force=True)
logging.error("dollar style")
for kwargs in [
    {"stream": buf, "filename": "x.log"},
    {"stream": buf, "handlers": [logging.StreamHandler(buf)]},
    {"foo": 1},
    {"style": "%", "format": "no fields", "force": True},
    {"style": "?", "force": True},
]:
    try:
        logging.basicConfig(**kwargs)
        print("no error for", sorted(kwargs))
    except (ValueError, TypeError) as e:
        print(type(e).__name__ + ":", e)
for line in buf.getvalue().splitlines():
    print("|", line)
