// What the core reads of Node's globals, for a browser page (esbuild injects these names).
const channel = typeof MessageChannel === "function" ? new MessageChannel() : null;
const queue: (() => void)[] = [];
if (channel) {
  (channel.port1 as unknown as { onmessage: (() => void) | null }).onmessage = () => {
    const fn = queue.shift();
    fn?.();
  };
}

/** Node's setImmediate: a macrotask after I/O; in a page, a message to ourselves. */
export function setImmediate(fn: (...args: unknown[]) => void, ...args: unknown[]): unknown {
  if (!channel) return setTimeout(fn, 0, ...args);
  queue.push(() => fn(...args));
  channel.port2.postMessage(0);
  return undefined;
}

/** The parts of `process` the core touches. */
export const process = {
  env: {} as Record<string, string | undefined>,
  execArgv: [] as string[],
  on() {
    return process;
  },
  off() {
    return process;
  },
  once() {
    return process;
  },
  removeListener() {
    return process;
  },
  listenerCount() {
    return 0;
  },
  emitWarning(message: string, category?: string) {
    console.warn(`${category ?? "Warning"}: ${message}`);
  },
  nextTick(fn: (...args: unknown[]) => void, ...args: unknown[]) {
    queueMicrotask(() => fn(...args));
  },
  stderr: {
    write(text: string) {
      console.error(text);
      return true;
    },
  },
};
