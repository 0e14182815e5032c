import logging
import io

buf = io.StringIO()
h = logging.StreamHandler(buf)
h.setFormatter(logging.Formatter("[%(levelname)-8s|%(name)10s|%(levelno)03d] %(message)s"))
log = logging.getLogger("fmt")
log.addHandler(h)
log.setLevel(logging.DEBUG)
log.propagate = False

log.debug("ints %d %5d|%-5d|%05d %+d % d", 42, 7, 7, -42, 3, 3)
log.info("floats %f %.2f %8.3f|%-8.1f|%e %.3E %g %g %g", 3.14158, 2.675, -1.5, 2.25, 12345.678, 0.000123, 0.0001, 1e20, 123456789.0)
log.warning("hex %x %X %#x %o %#o %c", 255, 255, 255, 8, 8, 65)
log.error("strings %s %r %10s|%-10s|%.3s %%", "plain", "quoted", "right", "left", "truncate")
log.critical("values %s %s %s %r", None, True, [1, "a", None], {"k": 1})
log.info("mapping %(user)s has %(n)03d items", {"user": "ann", "n": 5})
log.info("no args: 100% literal")
log.info(12345)
log.info("star width %*d|%-*s|", 6, 42, 4, "ab")
log.info("float as int %d %i", 3.99, -2.5)
for line in buf.getvalue().splitlines():
    print(line)
