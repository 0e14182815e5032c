import { logging, StringStream, sys } from "@aio/debug";
import type { Print } from "@aio/differential";

export default async function (print: Print) {
  logging.resetLogging();
  const out = new StringStream();
  const err = new StringStream();
  const savedErr = sys.stderr;
  sys.stderr = err;
  try {
    const a = new logging.StreamHandler(out);
    a.setFormatter(new logging.Formatter("A %(levelname)s %(name)s: %(message)s"));
    const b = new logging.StreamHandler(out);
    b.setLevel(logging.ERROR);
    b.setFormatter(new logging.Formatter("B %(levelname)s %(name)s: %(message)s"));
    const svc = logging.getLogger("svc");
    svc.setLevel(logging.DEBUG);
    svc.addHandler(a);
    svc.addHandler(b);
    svc.propagate = false;
    svc.debug("both? no: B is at ERROR");
    svc.error("both handlers");
    a.addFilter(new logging.Filter("svc.db"));
    logging.getLogger("svc.db").info("passes A's filter");
    logging.getLogger("svc.dbx").info("svc.dbx is not under svc.db");
    logging.getLogger("svc.db.pool").info("svc.db.pool is");
    a.removeFilter(a.filters[0] as logging.FilterLike);
    const onlyOdd = (record: logging.LogRecord) =>
      Array.isArray(record.args) && (record.args[0] as number) % 2 === 1;
    svc.addFilter(onlyOdd);
    for (let i = 0; i < 4; i++) svc.info("number %d", i);
    svc.removeFilter(onlyOdd);
    svc.removeHandler(b);
    svc.error("only A now");
    print(
      "handlers:",
      svc.handlers.map((h) => String(h)),
    );
    print("levels:", a.level, b.level);

    // No handler anywhere: Python's lastResort writes the bare message to stderr (WARNING and up).
    const orphan = logging.getLogger("orphan");
    orphan.info("dropped: below lastResort's level");
    orphan.warning("last resort %s", "message");
    orphan.error("and errors");

    // A record that cannot be formatted: reported, and logging goes on.
    svc.info("two %s %s", "one");
    svc.info("after the bad one");
    for (const line of out.getValue().split("\n").slice(0, -1)) print("out|", line);
    const lines = err.getValue().split("\n");
    print("err|", lines[0]);
    print("err|", lines[1]);
    print(
      "err| ...",
      lines.find((l) => l.startsWith("TypeError")),
    );
    print(
      "err|",
      lines.find((l) => l.startsWith("Message")),
    );
  } finally {
    sys.stderr = savedErr;
  }
}
