/**
 * `connector-kit/appflow`: the Amazon AppFlow host — the Lambda handler, the wire codecs and the
 * Secrets Manager resolver.
 */
export { type AppFlowHost, type AppFlowHostOptions, createAppFlowHost } from "./appflow-host.js";
export type { LambdaContextLike } from "./lambda-context.js";
export { type AppFlowLambdaHandler, createLambdaHandler } from "./lambda-handler.js";
export {
  type DefaultSecretResolverOptions,
  defaultSecretResolver,
} from "./secrets/default-secret-resolver.js";
export {
  DEFAULT_SECRETS_MANAGER_MAX_ATTEMPTS,
  DEFAULT_SECRETS_MANAGER_REGION,
  SecretsManagerResolver,
  type SecretsManagerResolverOptions,
} from "./secrets/secrets-manager-resolver.js";
export { decodeConnectorConfiguration, encodeConnectorConfiguration } from "./wire/configuration-codec.js";
export type { JsonObject } from "./wire/decoder.js";
export { decodeEntityDefinition, encodeEntityDefinition } from "./wire/entity-codec.js";
export { decodeRequest, encodeRequest } from "./wire/request-dispatch.js";
export { encodeFailure, encodeResponse } from "./wire/response-encoder.js";
