/**
 * The loop's network, pipe and subprocess methods — asyncio's `loop.create_connection`,
 * `loop.create_server`, `loop.subprocess_exec`, … — which @aio/streams implements.
 *
 * @aio/loop sits below @aio/streams and may not import it, so these methods are defined here on
 * every {@link EventLoop} and look up their implementation in the thread's hook registry, where
 * @aio/streams installs it when it is imported (every installed copy of the loop sees it). Their
 * types come with @aio/streams too (it augments `EventLoop`): without it a call is a type error and,
 * at run time, a {@link NotImplementedError} that says what to import.
 */

import { NotImplementedError } from "./errors.js";
import type { EventLoop } from "./event-loop.js";
import { runtimeHooks } from "./hooks.js";

/** The loop methods @aio/streams implements, by their camelCased asyncio names. */
export const IO_METHOD_NAMES = [
  "getaddrinfo",
  "getnameinfo",
  "createConnection",
  "createServer",
  "createUnixConnection",
  "createUnixServer",
  "connectAcceptedSocket",
  "createDatagramEndpoint",
  "connectReadPipe",
  "connectWritePipe",
  "startTls",
  "subprocessExec",
  "subprocessShell",
] as const;

/** The name of a loop method @aio/streams implements. */
export type IoMethodName = (typeof IO_METHOD_NAMES)[number];

/** An implementation of one of those methods: called with the loop, then the method's arguments. */
export type IoMethod = (loop: EventLoop, ...args: never[]) => unknown;

/** Defines the methods on the loop's prototype (once, by event-loop.ts). */
export function defineIoMethods(prototype: object): void {
  for (const name of IO_METHOD_NAMES) {
    const method = {
      [name](this: EventLoop, ...args: unknown[]): unknown {
        const impl = runtimeHooks().ioMethods?.[name] as ((...a: unknown[]) => unknown) | undefined;
        if (impl === undefined) {
          throw new NotImplementedError(
            `loop.${name}() is implemented by @aio/streams: import "@aio/streams" (or "@aio/asyncio") first`,
          );
        }
        return impl(this, ...args);
      },
    }[name] as (...args: unknown[]) => unknown;
    Object.defineProperty(prototype, name, { value: method, writable: true, configurable: true });
  }
}
