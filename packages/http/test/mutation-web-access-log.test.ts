/**
 * What the session 7 mutation run of src/web/access-log.ts found untested: the format's atoms
 * other than the default ones (`%P`, `%T`, `%Tf`, `%D`, `%{X}o`, `%%`, an unknown `%x` kept as
 * it is), `%t`'s offset in a time zone that is not UTC, and a format that is not a string. The
 * values were checked against aiohttp 3.8.4's AccessLogger (Debian's python3) where it has them.
 */
import { sleep } from "@aio/task";
import { afterEach, describe, expect, it } from "vitest";
import { web } from "../src/index.js";
import { serving } from "./servers.js";

function app(): web.Application {
  const a = new web.Application();
  a.router.addGet("/hi", function* () {
    yield* sleep(0.02);
    return new web.Response({ text: "hello", headers: { "X-Out": "o1" } });
  });
  return a;
}

/** The access log lines of a GET /hi (with `X-In: i1`) served with `format`. */
async function logged(format: string): Promise<string[]> {
  const lines: string[] = [];
  await serving(
    app(),
    function* (url, s) {
      const r = yield* s.get(`${url}/hi`, { headers: { "X-In": "i1" } });
      yield* r.read();
    },
    { accessLog: (line) => lines.push(line), accessLogFormat: format },
  );
  return lines;
}

describe("the access log's format", () => {
  it("%P the pid; %T, %Tf, %D the time taken (whole seconds, with six decimals, microseconds)", async () => {
    const [line] = await logged("%a|%P|%T|%Tf|%D");
    const [a, p, t, tf, d] = (line as string).split("|");
    expect(a).toBe("127.0.0.1");
    expect(p).toBe(`<${process.pid}>`);
    expect(tf).toMatch(/^\d+\.\d{6}$/);
    expect(t).toBe(String(Math.round(Number(tf))));
    expect(d).toMatch(/^\d+$/);
    // The handler sleeps 20 ms: at least that long, and %D is %Tf in microseconds.
    expect(Number(d)).toBeGreaterThanOrEqual(15_000);
    expect(Math.abs(Number(d) - Number(tf) * 1e6)).toBeLessThanOrEqual(1);
  });

  it("%{X}o a response header as sent (any case), %{X}i a request header, '-' for one missing; status, request line (as aiohttp 3.8)", async () => {
    const [line] = await logged("%{X-Out}o|%{X-In}i|%{X-Missing}o|%{X-Missing}i|%s|%r");
    expect(line).toBe("o1|i1|-|-|200|GET /hi HTTP/1.1");
    const [sent] = await logged("%{Content-Type}o|%{content-length}o|%{x-out}o");
    expect(sent).toBe("text/plain; charset=utf-8|5|o1");
  });

  it("%% is a percent sign; an unknown %x and text around the atoms are kept as they are", async () => {
    const [line] = await logged("[%%] %x 100% %s-%s end");
    expect(line).toBe("[%] %x 100% 200-200 end");
  });

  it("a format that is not a string is refused at once", () => {
    expect(() => new web.AppRunner(app(), { accessLog: () => {}, accessLogFormat: 5 as never })).toThrow(
      new TypeError("the access log format must be a string, got 5"),
    );
  });
});

/**
 * Whether this process can change its time zone: setting `process.env.TZ` does in a process of its
 * own (vitest's default pool, forks), not in a worker thread (Stryker's runner), where the two
 * tests below are skipped.
 */
function canSwitchTimeZone(): boolean {
  const tz = process.env.TZ;
  process.env.TZ = "Asia/Kolkata";
  const switched = new Date(0).getTimezoneOffset() === -330;
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  return switched;
}

describe.runIf(canSwitchTimeZone())("%t in a time zone that is not UTC", () => {
  const tz = process.env.TZ;
  afterEach(() => {
    if (tz === undefined) delete process.env.TZ;
    else process.env.TZ = tz;
  });

  /** The logged %t parsed back to ms since the epoch, and its offset as written. */
  async function stampIn(zone: string): Promise<{ at: number; offset: string; line: string }> {
    process.env.TZ = zone;
    const before = Date.now();
    const [line] = await logged("%t");
    const m = /^\[(\d{2})\/([A-Z][a-z]{2})\/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]$/.exec(
      line as string,
    );
    expect(m, line).not.toBeNull();
    const [, dd, mon, yyyy, hh, mi, ss, sign, oh, om] = m as RegExpExecArray;
    const month = [
      "Jan",
      "Feb",
      "Mar",
      "Apr",
      "May",
      "Jun",
      "Jul",
      "Aug",
      "Sep",
      "Oct",
      "Nov",
      "Dec",
    ].indexOf(mon as string);
    const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(oh) * 60 + Number(om));
    const at =
      Date.UTC(Number(yyyy), month, Number(dd), Number(hh), Number(mi), Number(ss)) - offsetMinutes * 60_000;
    expect(Math.abs(at - before)).toBeLessThan(5_000);
    return { at, offset: `${sign}${oh}${om}`, line: line as string };
  }

  it("east of Greenwich: local time and +0530 (Asia/Kolkata)", async () => {
    expect((await stampIn("Asia/Kolkata")).offset).toBe("+0530");
  });

  it("west of Greenwich: local time and -0930 (Pacific/Marquesas)", async () => {
    expect((await stampIn("Pacific/Marquesas")).offset).toBe("-0930");
  });
});
