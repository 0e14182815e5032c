/**
 * aiohttp.web for coroutines, on node:http: `import { web } from "@aio/http"`.
 * @packageDocumentation
 */

export { guessType } from "../mimetypes.js";
export {
  AppKey,
  Application,
  type ApplicationOptions,
  type AppSignal,
  type CleanupContext,
  CleanupError,
  FrozenList,
  type Middleware,
  middleware,
  type ResponsePrepareSignal,
} from "./app.js";
export * from "./exceptions.js";
export { FileResponse, type FileResponseOptions, type StaticOptions } from "./file-response.js";
export {
  ConfigDict,
  type ConnectionWriter,
  type FileField,
  type MatchInfo,
  Request,
  type RequestCloneOptions,
  RequestPayloadError,
} from "./request.js";
export {
  ContentCoding,
  type CookieOptions,
  type JsonResponseOptions,
  jsonResponse,
  Response,
  type ResponseOptions,
  StreamResponse,
  type StreamResponseOptions,
} from "./response.js";
export {
  del as delete,
  get,
  head,
  patch,
  post,
  put,
  type RouteDef,
  RouteTableDef,
  route,
  type StaticDef,
  staticDir as static,
  View,
  type ViewClass,
  view,
} from "./routedef.js";
export {
  Domain,
  type ExpectHandler,
  type Handler,
  MaskDomain,
  MatchedSubAppResource,
  PrefixedSubAppResource,
  type Resolved,
  type RouteOptions,
  UrlDispatcher,
} from "./router.js";
export {
  AppRunner,
  type AppRunnerOptions,
  BaseSite,
  type RunAppOptions,
  runApp,
  type ServerLogger,
  type SiteOptions,
  type SslContext,
  TCPSite,
  UnixSite,
} from "./runner.js";
export { TestClient, TestServer, type TestServerOptions } from "./test-utils.js";
export {
  WebSocketResponse,
  type WebSocketResponseOptions,
  WSCloseCode,
  type WSMessage,
  WSMsgType,
} from "./websocket.js";
