/**
 * What the aio packages share among themselves, at `@aio/fs/internal`: not part of the public API,
 * no stability promise between versions.
 * @packageDocumentation
 */

export { type Codec, checkErrorHandler, decodeUtf8SurrogateEscape, lookupCodec } from "./codecs.js";
export { OS_ERROR, osError } from "./errors.js";
export { checkPath } from "./open.js";
