import { logging, StringStream } from "@aio/debug";
import type { Print } from "@aio/differential";

export default async function (print: Print) {
  logging.resetLogging();
  const buf = new StringStream();
  logging.basicConfig({ stream: buf });
  logging.warning("default format, root at %s", logging.getLevelName(logging.root.level));
  logging.info("not shown: root is at WARNING");
  logging.basicConfig({ stream: buf, level: logging.DEBUG, format: "ignored %(message)s" });
  logging.warning("second call changed nothing");
  logging.basicConfig({
    stream: buf,
    level: logging.DEBUG,
    format: "%(levelname)s|%(name)s|%(message)s",
    force: true,
  });
  logging.debug("force replaced the handler");
  logging.getLogger("child").info("children %s", "propagate");
  logging.basicConfig({ stream: buf, style: "{", format: "{levelname}/{name}/{message}", force: true });
  logging.error("brace style %s", "works");
  logging.basicConfig({ stream: buf, style: "$", format: "$" + "{levelname}:$" + "{message}", force: true });
  logging.error("dollar style");
  const cases: Record<string, unknown>[] = [
    { stream: buf, filename: "x.log" },
    { stream: buf, handlers: [new logging.StreamHandler(buf)] },
    { foo: 1 },
    { style: "%", format: "no fields", force: true },
    { style: "?", force: true },
  ];
  for (const kwargs of cases) {
    try {
      logging.basicConfig(kwargs as logging.BasicConfigOptions);
      print("no error for", Object.keys(kwargs).sort());
    } catch (e) {
      print(`${e instanceof RangeError ? "ValueError" : (e as Error).name}:`, (e as Error).message);
    }
  }
  for (const line of buf.getValue().split("\n").slice(0, -1)) print("|", line);
}
