import { warnings } from "@aio/debug";
import { type Print, tuple } from "@aio/differential";

export default async function (print: Print) {
  warnings.resetWarningsState();
  const put = (text: string) => {
    for (const line of text.split("\n").slice(0, -1)) print(line);
  };
  put(warnings.formatwarning("plain", warnings.UserWarning, "app.py", 3, "x = old()"));
  put(warnings.formatwarning("no line", warnings.DeprecationWarning, "lib.py", 10, ""));

  const names = (log: warnings.WarningMessage[]) => log.map((w) => w.message.message);
  {
    using caught = warnings.catchWarnings({ record: true });
    warnings.simplefilter("always");
    warnings.warn("one");
    warnings.warn("one");
    warnings.warn("two", warnings.DeprecationWarning);
    warnings.warn("three", warnings.RuntimeWarning);
    print(
      "always:",
      `[${caught.log.map((w) => tuple([w.category.prototype.name, w.message.message])).join(", ")}]`,
    );
  }
  {
    using caught = warnings.catchWarnings({ record: true });
    warnings.simplefilter("default");
    for (let i = 0; i < 3; i++) warnings.warn("same place");
    warnings.warn("other place");
    print("default:", names(caught.log));
  }
  {
    using caught = warnings.catchWarnings({ record: true });
    warnings.simplefilter("once");
    for (let i = 0; i < 2; i++) warnings.warn("once only");
    warnings.warn("once only");
    print("once:", names(caught.log));
  }
  {
    using caught = warnings.catchWarnings({ record: true });
    warnings.simplefilter("always");
    warnings.filterwarnings("ignore", { message: "noisy" });
    warnings.filterwarnings("error", { category: warnings.RuntimeWarning });
    warnings.warn("noisy thing");
    warnings.warn("NOISY too (case-insensitive)");
    warnings.warn("quiet thing");
    try {
      warnings.warn("now an error", warnings.RuntimeWarning);
    } catch (e) {
      print("raised:", (e as Error).name, (e as Error).message);
    }
    print("filtered:", names(caught.log));
  }
  for (const bad of [
    () => warnings.simplefilter("loud" as never),
    () => warnings.filterwarnings("ignore", { lineno: -1 }),
  ]) {
    try {
      bad();
    } catch (e) {
      // Python asserts; aio throws a RangeError (its ValueError) with the same text.
      print("error:", (e as Error).message);
    }
  }
}
