/**
 * `connector-kit/lumos`: the Lumos host — capability envelopes, `info` and `app_info` (OpenAPI), error
 * mapping, and the connector executable (`<exe> info`, `<exe> <capability> --json …`).
 */
export {
  type ErrorContext,
  type ErrorEnvelope,
  errorBodyOf,
  errorEnvelope,
  httpStatusOf,
  isErrorEnvelope,
  type LumosEnvelope,
  type ResponsePage,
  type SuccessEnvelope,
} from "./envelope.js";
export { authenticationSchemaOf, credentialsSchemaOf, type InfoDocument, lumosInfo } from "./info.js";
export {
  type CapabilityEntry,
  type CapabilityKind,
  defaultAppId,
  describeLumosApp,
  type LumosApp,
  LumosDefinitionError,
  standardLumosApp,
} from "./lumos-app.js";
export {
  createLumosHost,
  type LumosHost,
  type LumosHostOptions,
  type LumosHostResult,
} from "./lumos-host.js";
export { LUMOS_OPENAPI_VERSION, lumosOpenApi, tagOf } from "./openapi.js";
export { pythonJsonDumps } from "./python-json.js";
export {
  EXIT_FAILURE,
  EXIT_OK,
  EXIT_USAGE,
  type ExecutableIo,
  type LumosExecutableOptions,
  runLumosExecutable,
} from "./run-executable.js";
export { lumosSettingsSchema, settingsModelName } from "./settings.js";
