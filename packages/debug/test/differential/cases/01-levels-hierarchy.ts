import { logging, StringStream } from "@aio/debug";
import type { Print } from "@aio/differential";

export default async function (print: Print) {
  logging.resetLogging();
  const buf = new StringStream();
  const h = new logging.StreamHandler(buf);
  h.setFormatter(new logging.Formatter("%(levelname)s:%(name)s:%(message)s"));
  logging.getLogger().addHandler(h);

  const deep = logging.getLogger("app.db.pool"); // made before its parents
  const app = logging.getLogger("app");
  print("deep parent:", deep.parent?.name);
  const db = logging.getLogger("app.db");
  print("deep parent after app.db:", deep.parent?.name, "| db parent:", db.parent?.name);
  print("root:", logging.getLogger().name, logging.getLogger("") === logging.root);
  print("same object:", logging.getLogger("app.db") === db, app.getChild("db") === db);
  print("effective:", deep.getEffectiveLevel(), logging.getLevelName(deep.getEffectiveLevel()));
  app.setLevel(logging.DEBUG);
  print(
    "after app DEBUG:",
    deep.getEffectiveLevel(),
    deep.isEnabledFor(logging.DEBUG),
    logging.getLogger("other").isEnabledFor(logging.INFO),
  );
  app.setLevel("INFO");
  print("after app 'INFO':", db.getEffectiveLevel());
  deep.debug("not shown");
  deep.info("pool size %d", 4);
  db.warning("%s of %s", "one", "two");
  db.propagate = false;
  db.error("dropped: no handler on app.db, and it does not propagate");
  print("has handlers:", db.hasHandlers(), deep.hasHandlers(), app.hasHandlers());
  db.propagate = true;
  for (const name of ["DEBUG", "INFO", "WARNING", "WARN", "ERROR", "CRITICAL", "FATAL", "NOTSET"]) {
    print(name, logging.getLevelName(name));
  }
  print(logging.getLevelName(10), logging.getLevelName(25), logging.getLevelName("NOPE"));
  logging.addLevelName(25, "NOTICE");
  print(logging.getLevelName(25), logging.getLevelName("NOTICE"));
  app.log(25, "a %s record", "notice");
  try {
    app.setLevel("LOUD");
  } catch (e) {
    print("ValueError:", (e as Error).message);
  }
  try {
    app.setLevel(null as never);
  } catch (e) {
    print("TypeError:", (e as Error).message);
  }
  print(String(app), String(logging.root));
  logging.disable(logging.WARNING);
  app.warning("disabled");
  app.error("still shown");
  logging.disable(logging.NOTSET);
  for (const line of buf.getValue().split("\n").slice(0, -1)) print("|", line);
}
