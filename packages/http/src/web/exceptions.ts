/**
 * aiohttp.web's HTTP exceptions: thrown from a handler (or a middleware) to answer with their
 * status. In aiohttp they are Responses too; here they are Errors that carry what the response
 * needs (status, reason, headers, text or body), and the server turns them into one. The default
 * body is aiohttp's `404: Not Found`.
 */

import { checkKeys } from "../internal/options.js";
import { CIMultiDict, type MultiDictInit } from "../multidict.js";
import { REASONS } from "./reasons.js";

const EXCEPTION_KEYS: ReadonlySet<string> = new Set(["headers", "reason", "text", "body", "contentType"]);

/** Options of an HTTP exception. Python: `web.HTTPNotFound(headers=…, reason=…, text=…, content_type=…)`. */
export interface HTTPExceptionOptions {
  headers?: MultiDictInit | undefined;
  reason?: string | undefined;
  text?: string | undefined;
  body?: string | Uint8Array | undefined;
  contentType?: string | undefined;
}

/** The base of aiohttp.web's HTTP exceptions. Python: `web.HTTPException`. */
export class HTTPException extends Error {
  override name = "HTTPException";
  /** The status this exception answers with; subclasses set it. */
  static readonly statusCode: number = -1;
  /** Statuses whose responses have no body (204, 304). */
  static readonly emptyBody: boolean = false;
  readonly status: number;
  readonly reason: string;
  readonly headers: CIMultiDict;
  /** The body: the text given, or `<status>: <reason>`; null for an empty-body status. */
  readonly text: string | null;
  readonly body: Uint8Array | null;
  readonly contentType: string | null;
  /** @internal How many of `headers` were given (the rest a subclass added: Location, Allow). */
  readonly givenHeaders: number;
  /** @internal The body was given as a string (sent as text/plain UTF-8 unless a type is given). */
  readonly bodyIsText: boolean;

  constructor(options: HTTPExceptionOptions = {}) {
    checkKeys(options, EXCEPTION_KEYS, new.target.name);
    const ctor = new.target as typeof HTTPException;
    const status = ctor.statusCode;
    const reason = options.reason ?? REASONS[status] ?? "";
    super(reason);
    this.status = status;
    this.reason = reason;
    this.headers = new CIMultiDict(options.headers);
    this.givenHeaders = this.headers.size;
    this.bodyIsText = typeof options.body === "string";
    this.body = typeof options.body === "string" ? Buffer.from(options.body) : (options.body ?? null);
    this.text =
      options.text !== undefined
        ? options.text
        : this.body === null && !ctor.emptyBody
          ? `${status}: ${reason}`
          : null;
    this.contentType = options.contentType ?? null;
  }
}

/** 4xx and 5xx. */
export class HTTPError extends HTTPException {
  override name = "HTTPError";
}
/** 3xx. */
export class HTTPRedirection extends HTTPException {
  override name = "HTTPRedirection";
}
/** 2xx. */
export class HTTPSuccessful extends HTTPException {
  override name = "HTTPSuccessful";
}
/** 4xx. */
export class HTTPClientError extends HTTPError {
  override name = "HTTPClientError";
}
/** 5xx. */
export class HTTPServerError extends HTTPError {
  override name = "HTTPServerError";
}

/** A redirect to `location` (it sets the Location header). */
export class HTTPMove extends HTTPRedirection {
  override name = "HTTPMove";
  readonly location: string;
  constructor(location: string, options: HTTPExceptionOptions = {}) {
    if (typeof location !== "string" || location === "")
      throw new RangeError(`HTTP redirects need a location to redirect to, got ${JSON.stringify(location)}`);
    super(options);
    this.location = location;
    this.headers.set("Location", location);
  }
}

/** 200 OK. Python: `web.HTTPOk`. */
export class HTTPOk extends HTTPSuccessful {
  static override readonly statusCode = 200;
  override name = "HTTPOk";
}
/** 201 Created. Python: `web.HTTPCreated`. */
export class HTTPCreated extends HTTPSuccessful {
  static override readonly statusCode = 201;
  override name = "HTTPCreated";
}
/** 202 Accepted. Python: `web.HTTPAccepted`. */
export class HTTPAccepted extends HTTPSuccessful {
  static override readonly statusCode = 202;
  override name = "HTTPAccepted";
}
/** 203 Non-Authoritative Information. Python: `web.HTTPNonAuthoritativeInformation`. */
export class HTTPNonAuthoritativeInformation extends HTTPSuccessful {
  static override readonly statusCode = 203;
  override name = "HTTPNonAuthoritativeInformation";
}
/** 204 No Content. Python: `web.HTTPNoContent`. */
export class HTTPNoContent extends HTTPSuccessful {
  static override readonly statusCode = 204;
  static override readonly emptyBody = true;
  override name = "HTTPNoContent";
}
/** 205 Reset Content. Python: `web.HTTPResetContent`. */
export class HTTPResetContent extends HTTPSuccessful {
  static override readonly statusCode = 205;
  static override readonly emptyBody = true;
  override name = "HTTPResetContent";
}
/** 206 Partial Content. Python: `web.HTTPPartialContent`. */
export class HTTPPartialContent extends HTTPSuccessful {
  static override readonly statusCode = 206;
  override name = "HTTPPartialContent";
}
/** 300 Multiple Choices. Python: `web.HTTPMultipleChoices`. */
export class HTTPMultipleChoices extends HTTPMove {
  static override readonly statusCode = 300;
  override name = "HTTPMultipleChoices";
}
/** 301 Moved Permanently. Python: `web.HTTPMovedPermanently`. */
export class HTTPMovedPermanently extends HTTPMove {
  static override readonly statusCode = 301;
  override name = "HTTPMovedPermanently";
}
/** 302 Found. Python: `web.HTTPFound`. */
export class HTTPFound extends HTTPMove {
  static override readonly statusCode = 302;
  override name = "HTTPFound";
}
/** 303 See Other. Python: `web.HTTPSeeOther`. */
export class HTTPSeeOther extends HTTPMove {
  static override readonly statusCode = 303;
  override name = "HTTPSeeOther";
}
/** 304 Not Modified. Python: `web.HTTPNotModified`. */
export class HTTPNotModified extends HTTPRedirection {
  static override readonly statusCode = 304;
  static override readonly emptyBody = true;
  override name = "HTTPNotModified";
}
/** 305 Use Proxy. Python: `web.HTTPUseProxy`. */
export class HTTPUseProxy extends HTTPMove {
  static override readonly statusCode = 305;
  override name = "HTTPUseProxy";
}
/** 307 Temporary Redirect. Python: `web.HTTPTemporaryRedirect`. */
export class HTTPTemporaryRedirect extends HTTPMove {
  static override readonly statusCode = 307;
  override name = "HTTPTemporaryRedirect";
}
/** 308 Permanent Redirect. Python: `web.HTTPPermanentRedirect`. */
export class HTTPPermanentRedirect extends HTTPMove {
  static override readonly statusCode = 308;
  override name = "HTTPPermanentRedirect";
}
/** 400 Bad Request. Python: `web.HTTPBadRequest`. */
export class HTTPBadRequest extends HTTPClientError {
  static override readonly statusCode = 400;
  override name = "HTTPBadRequest";
}
/** 401 Unauthorized. Python: `web.HTTPUnauthorized`. */
export class HTTPUnauthorized extends HTTPClientError {
  static override readonly statusCode = 401;
  override name = "HTTPUnauthorized";
}
/** 402 Payment Required. Python: `web.HTTPPaymentRequired`. */
export class HTTPPaymentRequired extends HTTPClientError {
  static override readonly statusCode = 402;
  override name = "HTTPPaymentRequired";
}
/** 403 Forbidden. Python: `web.HTTPForbidden`. */
export class HTTPForbidden extends HTTPClientError {
  static override readonly statusCode = 403;
  override name = "HTTPForbidden";
}
/** 404 Not Found. Python: `web.HTTPNotFound`. */
export class HTTPNotFound extends HTTPClientError {
  static override readonly statusCode = 404;
  override name = "HTTPNotFound";
}
/** 406 Not Acceptable. Python: `web.HTTPNotAcceptable`. */
export class HTTPNotAcceptable extends HTTPClientError {
  static override readonly statusCode = 406;
  override name = "HTTPNotAcceptable";
}
/** 407 Proxy Authentication Required. Python: `web.HTTPProxyAuthenticationRequired`. */
export class HTTPProxyAuthenticationRequired extends HTTPClientError {
  static override readonly statusCode = 407;
  override name = "HTTPProxyAuthenticationRequired";
}
/** 408 Request Timeout. Python: `web.HTTPRequestTimeout`. */
export class HTTPRequestTimeout extends HTTPClientError {
  static override readonly statusCode = 408;
  override name = "HTTPRequestTimeout";
}
/** 409 Conflict. Python: `web.HTTPConflict`. */
export class HTTPConflict extends HTTPClientError {
  static override readonly statusCode = 409;
  override name = "HTTPConflict";
}
/** 410 Gone. Python: `web.HTTPGone`. */
export class HTTPGone extends HTTPClientError {
  static override readonly statusCode = 410;
  override name = "HTTPGone";
}
/** 411 Length Required. Python: `web.HTTPLengthRequired`. */
export class HTTPLengthRequired extends HTTPClientError {
  static override readonly statusCode = 411;
  override name = "HTTPLengthRequired";
}
/** 412 Precondition Failed. Python: `web.HTTPPreconditionFailed`. */
export class HTTPPreconditionFailed extends HTTPClientError {
  static override readonly statusCode = 412;
  override name = "HTTPPreconditionFailed";
}
/** 414 Request-URI Too Long. Python: `web.HTTPRequestURITooLong`. */
export class HTTPRequestURITooLong extends HTTPClientError {
  static override readonly statusCode = 414;
  override name = "HTTPRequestURITooLong";
}
/** 415 Unsupported Media Type. Python: `web.HTTPUnsupportedMediaType`. */
export class HTTPUnsupportedMediaType extends HTTPClientError {
  static override readonly statusCode = 415;
  override name = "HTTPUnsupportedMediaType";
}
/** 416 Requested Range Not Satisfiable. Python: `web.HTTPRequestRangeNotSatisfiable`. */
export class HTTPRequestRangeNotSatisfiable extends HTTPClientError {
  static override readonly statusCode = 416;
  override name = "HTTPRequestRangeNotSatisfiable";
}
/** 417 Expectation Failed. Python: `web.HTTPExpectationFailed`. */
export class HTTPExpectationFailed extends HTTPClientError {
  static override readonly statusCode = 417;
  override name = "HTTPExpectationFailed";
}
/** 421 Misdirected Request. Python: `web.HTTPMisdirectedRequest`. */
export class HTTPMisdirectedRequest extends HTTPClientError {
  static override readonly statusCode = 421;
  override name = "HTTPMisdirectedRequest";
}
/** 422 Unprocessable Entity. Python: `web.HTTPUnprocessableEntity`. */
export class HTTPUnprocessableEntity extends HTTPClientError {
  static override readonly statusCode = 422;
  override name = "HTTPUnprocessableEntity";
}
/** 424 Failed Dependency. Python: `web.HTTPFailedDependency`. */
export class HTTPFailedDependency extends HTTPClientError {
  static override readonly statusCode = 424;
  override name = "HTTPFailedDependency";
}
/** 426 Upgrade Required. Python: `web.HTTPUpgradeRequired`. */
export class HTTPUpgradeRequired extends HTTPClientError {
  static override readonly statusCode = 426;
  override name = "HTTPUpgradeRequired";
}
/** 428 Precondition Required. Python: `web.HTTPPreconditionRequired`. */
export class HTTPPreconditionRequired extends HTTPClientError {
  static override readonly statusCode = 428;
  override name = "HTTPPreconditionRequired";
}
/** 429 Too Many Requests. Python: `web.HTTPTooManyRequests`. */
export class HTTPTooManyRequests extends HTTPClientError {
  static override readonly statusCode = 429;
  override name = "HTTPTooManyRequests";
}
/** 431 Request Header Fields Too Large. Python: `web.HTTPRequestHeaderFieldsTooLarge`. */
export class HTTPRequestHeaderFieldsTooLarge extends HTTPClientError {
  static override readonly statusCode = 431;
  override name = "HTTPRequestHeaderFieldsTooLarge";
}
/** 451 Unavailable For Legal Reasons. Python: `web.HTTPUnavailableForLegalReasons`. */
export class HTTPUnavailableForLegalReasons extends HTTPClientError {
  static override readonly statusCode = 451;
  override name = "HTTPUnavailableForLegalReasons";
}
/** 500 Internal Server Error. Python: `web.HTTPInternalServerError`. */
export class HTTPInternalServerError extends HTTPServerError {
  static override readonly statusCode = 500;
  override name = "HTTPInternalServerError";
}
/** 501 Not Implemented. Python: `web.HTTPNotImplemented`. */
export class HTTPNotImplemented extends HTTPServerError {
  static override readonly statusCode = 501;
  override name = "HTTPNotImplemented";
}
/** 502 Bad Gateway. Python: `web.HTTPBadGateway`. */
export class HTTPBadGateway extends HTTPServerError {
  static override readonly statusCode = 502;
  override name = "HTTPBadGateway";
}
/** 503 Service Unavailable. Python: `web.HTTPServiceUnavailable`. */
export class HTTPServiceUnavailable extends HTTPServerError {
  static override readonly statusCode = 503;
  override name = "HTTPServiceUnavailable";
}
/** 504 Gateway Timeout. Python: `web.HTTPGatewayTimeout`. */
export class HTTPGatewayTimeout extends HTTPServerError {
  static override readonly statusCode = 504;
  override name = "HTTPGatewayTimeout";
}
/** 505 HTTP Version Not Supported. Python: `web.HTTPVersionNotSupported`. */
export class HTTPVersionNotSupported extends HTTPServerError {
  static override readonly statusCode = 505;
  override name = "HTTPVersionNotSupported";
}
/** 506 Variant Also Negotiates. Python: `web.HTTPVariantAlsoNegotiates`. */
export class HTTPVariantAlsoNegotiates extends HTTPServerError {
  static override readonly statusCode = 506;
  override name = "HTTPVariantAlsoNegotiates";
}
/** 507 Insufficient Storage. Python: `web.HTTPInsufficientStorage`. */
export class HTTPInsufficientStorage extends HTTPServerError {
  static override readonly statusCode = 507;
  override name = "HTTPInsufficientStorage";
}
/** 510 Not Extended. Python: `web.HTTPNotExtended`. */
export class HTTPNotExtended extends HTTPServerError {
  static override readonly statusCode = 510;
  override name = "HTTPNotExtended";
}
/** 511 Network Authentication Required. Python: `web.HTTPNetworkAuthenticationRequired`. */
export class HTTPNetworkAuthenticationRequired extends HTTPServerError {
  static override readonly statusCode = 511;
  override name = "HTTPNetworkAuthenticationRequired";
}

/** 405, with the `Allow` header listing what the resource takes. Python: `web.HTTPMethodNotAllowed(method, allowed_methods)`. */
export class HTTPMethodNotAllowed extends HTTPClientError {
  static override readonly statusCode = 405;
  override name = "HTTPMethodNotAllowed";
  readonly method: string;
  readonly allowedMethods: ReadonlySet<string>;
  constructor(method: string, allowedMethods: Iterable<string>, options: HTTPExceptionOptions = {}) {
    super(options);
    this.method = method.toUpperCase();
    this.allowedMethods = new Set([...allowedMethods].map((m) => m.toUpperCase()));
    this.headers.set("Allow", [...this.allowedMethods].sort().join(","));
  }
}

/** 413, with aiohttp's text. Python: `web.HTTPRequestEntityTooLarge(max_size, actual_size)`. */
export class HTTPRequestEntityTooLarge extends HTTPClientError {
  static override readonly statusCode = 413;
  override name = "HTTPRequestEntityTooLarge";
  constructor(maxSize: number, actualSize: number, options: HTTPExceptionOptions = {}) {
    super({
      ...options,
      text:
        options.text === undefined
          ? `Maximum request body size ${maxSize} exceeded, actual body size ${actualSize}`
          : options.text,
    });
  }
}
