/**
 * @aio/streams — asyncio's streams for Node: readers and writers over TCP, Unix sockets, TLS and
 * child processes. Python: `asyncio.streams`, `asyncio.subprocess`.
 * @packageDocumentation
 */

export { IncompleteReadError, LimitOverrunError } from "./errors.js";
export {
  DEFAULT_LIMIT,
  type ReadingControl,
  type Separator,
  StreamReader,
  type StreamReaderOptions,
} from "./streams.js";
