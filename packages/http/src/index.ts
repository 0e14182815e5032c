/**
 * @aio/http — aiohttp for TypeScript: the client (`ClientSession`) on undici.
 * @packageDocumentation
 */
export { BasicAuth } from "./auth.js";
export { type Charset, charset, UnicodeDecodeError, UnicodeEncodeError } from "./charsets.js";
export {
  ClientWebSocketResponse,
  WSConnectContextManager,
  type WSConnectOptions,
} from "./client-ws.js";
export { type SslOption, TCPConnector, type TCPConnectorOptions } from "./connector.js";
export {
  type AbstractCookieJar,
  CookieJar,
  type CookieJarOptions,
  DummyCookieJar,
  type LooseCookies,
  Morsel,
  SimpleCookie,
} from "./cookies.js";
export {
  ClientConnectionError,
  ClientConnectorCertificateError,
  ClientConnectorError,
  ClientConnectorSSLError,
  ClientError,
  ClientOSError,
  ClientPayloadError,
  ClientResponseError,
  ClientSSLError,
  ContentTypeError,
  InvalidURL,
  type RequestInfo,
  ServerConnectionError,
  ServerDisconnectedError,
  ServerFingerprintMismatch,
  ServerTimeoutError,
  TooManyRedirects,
  WSServerHandshakeError,
} from "./errors.js";
export { Fingerprint } from "./fingerprint.js";
export { CIMultiDict, MultiDict, type MultiDictInit } from "./multidict.js";
export {
  BodyPartReader,
  contentDispositionFilename,
  contentDispositionHeader,
  getPayload,
  guessFilename,
  JsonPayload,
  type MimeType,
  type MultipartPart,
  MultipartReader,
  MultipartResponseWrapper,
  MultipartWriter,
  Part,
  type PartHeaders,
  parseContentDisposition,
  parseMimetype,
  type StreamedBody,
} from "./multipart.js";
export { type FieldValue, FormData, type RequestData } from "./payload.js";
export { AbstractResolver, type ResolvedHost } from "./resolver.js";
export { CIMultiDictProxy, ClientResponse, type ResponseConnection } from "./response.js";
export {
  ClientSession,
  type ClientSessionOptions,
  RequestContextManager,
  type RequestOptions,
  request,
  SessionRequestContextManager,
  type SessionRequestOptions,
} from "./session.js";
export { type Streamer, type StreamerWriter, streamer } from "./streamer.js";
export { IncompleteReadError, StreamCut, StreamReader } from "./streams.js";
export { ClientTimeout, type ClientTimeoutOptions } from "./timeout.js";
/** aiohttp.web: the server (Application, routes, Request, Response, HTTP exceptions, AppRunner, TCPSite, runApp). */
export * as web from "./web/index.js";
export { WebSocketError, WSCloseCode, type WSMessage, WSMsgType } from "./ws-common.js";
