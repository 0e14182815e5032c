// node:async_hooks in a browser, for the core's few uses: no async context to carry across turns.
// biome-ignore lint/complexity/noStaticOnlyClass: the shape of Node's AsyncResource, which the core calls as AsyncResource.bind
export class AsyncResource {
  static bind<F extends (...args: never[]) => unknown>(fn: F): F {
    return fn;
  }
}
export class AsyncLocalStorage<T> {
  private store: T | undefined;
  run<R>(store: T, fn: () => R): R {
    const saved = this.store;
    this.store = store;
    try {
      return fn();
    } finally {
      this.store = saved;
    }
  }
  getStore(): T | undefined {
    return this.store;
  }
}
