/**
 * `connector-kit/http-host`: a connector over HTTP for local development — Lumos capabilities
 * (`POST /<capability>`) and AppFlow operations (`POST /appflow/<operation>`) on a Hono app.
 */
export {
  appFlowOperation,
  createHttpApp,
  DEFAULT_HTTP_PORT,
  DEFAULT_MAX_BODY_BYTES,
  type HttpHostOptions,
  type HttpServer,
  type ServeHttpOptions,
  serveHttp,
} from "./http-host.js";
