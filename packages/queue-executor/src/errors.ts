/**
 * The errors of a queue executor, and how a job's error crosses from the worker to the caller: its
 * name, message and the worker's stack.
 */

/**
 * A job's worker was lost while running it (the process died, or lost Redis for longer than the
 * job's lock) more often than the queue allows (BullMQ's stalled jobs, `maxStalledCount`), or the
 * job left the queue without an outcome (removed by someone else).
 */
export class JobLostError extends Error {
  override name = "JobLostError";
}

/** A worker was asked for a job it does not serve (no function of that name in its `jobs`). */
export class UnknownJobError extends Error {
  override name = "UnknownJobError";
}

/**
 * Redis could not be reached within `connectTimeout` when first connecting (a wrong address, or no
 * server). Once connected, a lost connection is retried instead.
 */
export class RedisConnectionError extends Error {
  override name = "RedisConnectionError";
}

const ERRORS: Record<string, new (message?: string) => Error> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
  JobLostError,
  UnknownJobError,
};

const NAME = /^[A-Za-z_$][\w$.]*$/;

/** The name of an error, as its class or `name` says; "Error" for anything else thrown. */
function nameOf(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" && NAME.test(name) ? name : "Error";
}

/**
 * What a worker throws back to BullMQ for `error`: an Error whose message is the job's message (the
 * failedReason a queue dashboard shows) and whose stack starts with `Name: message`, so the caller
 * can tell the name from the stack BullMQ keeps.
 */
export function toWire(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  const name = error instanceof Error ? nameOf(error) : "Error";
  const frames = error instanceof Error && typeof error.stack === "string" ? framesOf(error.stack) : "";
  const wire = new Error(message);
  wire.stack = `${message === "" ? name : `${name}: ${message}`}${frames}`;
  return wire;
}

/** The "    at …" lines of a V8 stack (with the newline before them), without its header. */
function framesOf(stack: string): string {
  const i = stack.search(/\n\s+at /);
  return i < 0 ? "" : stack.slice(i);
}

/**
 * The caller's copy of a job's error: the same kind (`TypeError`, the executor's own errors) or an
 * Error with the remote name, the remote message, and the remote stack.
 */
export function fromWire(message: string, stack: string | undefined): Error {
  let name = "Error";
  if (stack !== undefined) {
    if (message !== "" && stack.startsWith(`: ${message}`, stack.indexOf(":"))) {
      const head = stack.slice(0, stack.indexOf(":"));
      if (NAME.test(head)) name = head;
    } else if (message === "") {
      const head = stack.split("\n", 1)[0] ?? "";
      if (NAME.test(head)) name = head;
    }
  }
  const Ctor = ERRORS[name] ?? Error;
  const err = new Ctor(message);
  if (err.name !== name)
    Object.defineProperty(err, "name", { value: name, configurable: true, writable: true });
  if (stack !== undefined) err.stack = stack;
  return err;
}
