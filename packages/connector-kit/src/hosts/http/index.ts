/**
 * `connector-kit/http-host`: a connector over HTTP for local development — Lumos capabilities
 * (`POST /<capability>`) and AppFlow operations (`POST /appflow/<operation>`) on a Hono app, guarded by a
 * token, a Host and Origin check and an allow-list of secret references.
 */
export { AllowedSecretsResolver } from "./allowed-secrets.js";
export {
  createHttpApp,
  DEFAULT_HTTP_PORT,
  DEFAULT_MAX_BODY_BYTES,
  type HttpHostOptions,
  type HttpServer,
  type ServeHttpOptions,
  serveHttp,
} from "./http-host.js";
export { createToken, MIN_TOKEN_LENGTH, TOKEN_HEADER } from "./request-guard.js";
