/**
 * `connector-kit/http`: the building blocks of a REST connector, built for AppFlow's hard deadlines. An HTTP
 * client on fetch with auth injection, timeouts, an overall deadline, retries with backoff that honour
 * `Retry-After` but never pass the deadline, a client-side rate limiter, status → AppFlow / Lumos error codes
 * and redacted debug logs; paginators (cursor, next link, offset, page number) with repeated-page detection.
 */
export {
  type AccessTokenProvider,
  type ApiKeyAuthOptions,
  type AuthFromCredentialsOptions,
  type AuthTarget,
  apiKeyAuth,
  authFromCredentials,
  basicAuth,
  bearerToken,
  customAuth,
  type HttpAuth,
  noAuth,
  type OAuth2AccessTokenOptions,
  oauth2AccessToken,
} from "./auth.js";
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  type HttpRequestOptions,
  type HttpResponse,
  type QueryParams,
  type QueryValue,
} from "./http-client.js";
export { findLink, parseLinkHeader, type WebLink } from "./link-header.js";
export {
  type CursorPaginatorOptions,
  cursorPaginator,
  DEFAULT_MAX_PAGES,
  type JsonPath,
  type NextLinkPaginatorOptions,
  nextLinkPaginator,
  type OffsetPaginatorOptions,
  offsetPaginator,
  type Page,
  type PageContext,
  type PageNumberPaginatorOptions,
  type PaginateOptions,
  type Paginator,
  pageNumberPaginator,
  type RecordsOption,
  readPath,
} from "./paginators.js";
export { type AcquireOptions, RateLimiter, type RateLimitOptions } from "./rate-limiter.js";
export {
  DEFAULT_SENSITIVE_HEADERS,
  DEFAULT_SENSITIVE_QUERY_PARAMS,
  HttpRedaction,
  type RedactOptions,
} from "./redact.js";
export {
  abortedError,
  backoffDelay,
  DEFAULT_RETRY,
  isRetryableStatus,
  parseRateLimitReset,
  parseRetryAfter,
  type RetryOptions,
  serverRequestedWait,
  sleep,
} from "./retry.js";
export {
  appflowErrorCodeForStatus,
  type ErrorForStatusOptions,
  errorForStatus,
  HttpError,
  type HttpErrorOptions,
  type HttpFailure,
  urlForMessage,
} from "./status-errors.js";
