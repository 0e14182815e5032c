/** What the TypeScript twins of the aiohttp programs share. */

/** The fixture server's URL (set by the differential suite). */
export function fixtureUrl(): string {
  const url = process.env.AIO_FIXTURE_URL;
  if (url === undefined)
    throw new Error("AIO_FIXTURE_URL is not set: the differential suite starts the fixture server");
  return url;
}

/**
 * Python's name for an error's class: aiohttp's classes keep their names; as DESIGN.md maps them,
 * a ValueError is a RangeError here and a RuntimeError a plain Error.
 */
export function pyName(err: unknown): string {
  const name = (err as Error).name;
  if (name === "RangeError") return "ValueError";
  if (name === "Error") return "RuntimeError";
  return name;
}
