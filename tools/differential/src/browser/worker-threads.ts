// node:worker_threads in a browser: the page's thread has no process signals to own.
export const isMainThread = false;
export const threadId = 0;
