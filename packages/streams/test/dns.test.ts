import { OSError } from "@aio/fs";
import { describe, expect, it } from "vitest";
import {
  AF_INET,
  GaiError,
  getaddrinfo,
  getnameinfo,
  SOCK_DGRAM,
  SOCK_RAW,
  SOCK_STREAM,
} from "../src/index.js";
import { inLoop } from "./helpers.js";

describe("getaddrinfo and getnameinfo", () => {
  it("answer as CPython's loop.getaddrinfo/getnameinfo do (checked against 3.12 on this machine)", async () => {
    await inLoop(function* () {
      expect(yield* getaddrinfo("127.0.0.1", 80)).toEqual([
        [AF_INET, SOCK_STREAM, 6, "", ["127.0.0.1", 80]],
        [AF_INET, SOCK_DGRAM, 17, "", ["127.0.0.1", 80]],
        [AF_INET, SOCK_RAW, 0, "", ["127.0.0.1", 80]],
      ]);
      expect(yield* getaddrinfo("localhost", 80, { type: SOCK_STREAM, family: AF_INET })).toEqual([
        [AF_INET, SOCK_STREAM, 6, "", ["127.0.0.1", 80]],
      ]);
      expect(yield* getnameinfo(["127.0.0.1", 80])).toEqual(["localhost", "http"]);
    });
  });

  it("a name that does not resolve raises gaierror [Errno -2]", async () => {
    await inLoop(function* () {
      let caught: unknown;
      try {
        yield* getaddrinfo("no-such-host.invalid", 80);
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(GaiError);
      expect(caught).toBeInstanceOf(OSError);
      expect((caught as GaiError).name).toBe("gaierror");
      expect((caught as GaiError).errno).toBe(-2);
      expect((caught as Error).message).toBe("[Errno -2] Name or service not known");
    });
  });
});
