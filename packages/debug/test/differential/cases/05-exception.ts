import { logging, StringStream } from "@aio/debug";
import { type Print, ValueError } from "@aio/differential";

class RuntimeError extends Error {
  override name = "RuntimeError";
}

export default async function (print: Print) {
  logging.resetLogging();
  const buf = new StringStream();
  const h = new logging.StreamHandler(buf);
  h.setFormatter(new logging.Formatter("%(levelname)s:%(name)s:%(message)s"));
  const log = logging.getLogger("job");
  log.addHandler(h);
  log.propagate = false;

  const parse = (text: string) => {
    throw new ValueError(`bad value: '${text}'`);
  };

  try {
    parse("x1");
  } catch (e) {
    log.exception(e, "parsing %s failed", "x1");
  }
  try {
    parse("y2");
  } catch (e) {
    log.warning("kept going", logging.kw({ excInfo: e }));
    log.error("no traceback without exc_info");
  }
  try {
    try {
      parse("z3");
    } catch (e) {
      throw new RuntimeError("wrapped", { cause: e });
    }
  } catch (e) {
    log.critical("chained", logging.kw({ excInfo: e }));
  }
  log.error("exc_info=True outside except", logging.kw({ excInfo: true }));

  for (const line of buf.getValue().split("\n").slice(0, -1)) {
    // Frames differ between the languages (file, line, source): keep the rest.
    if (line.startsWith("  ")) continue;
    print("|", line);
  }
}
