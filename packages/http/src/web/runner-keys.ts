/** The keys of `AppRunnerOptions` (also an Application's `handlerArgs`). @internal */
export const RUNNER_KEYS: ReadonlySet<string> = new Set([
  "shutdownTimeout",
  "keepaliveTimeout",
  "headersTimeout",
  "requestTimeout",
  "lingeringTime",
  "accessLog",
  "accessLogFormat",
  "maxLineSize",
  "maxFieldSize",
  "readBufsize",
  "autoDecompress",
  "logger",
]);
