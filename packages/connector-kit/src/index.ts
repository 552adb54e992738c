/** `connector-kit`: define a connector once, run it on every host. */
export { type Credentials, credentialsFromSecret } from "./core/auth/credentials.js";
export { type ConnectorContext, createConnectorContext } from "./core/define/connector-context.js";
export {
  type AuthSchemes,
  type Connector,
  type ConnectorDefinition,
  defineConnector,
  type EntityPage,
  type ListEntitiesInput,
  type QueryInput,
  type RetrieveInput,
  type WriteInput,
} from "./core/define/define-connector.js";
export {
  ConnectorError,
  type ConnectorErrorOptions,
  isConnectorError,
} from "./core/errors/connector-error.js";
export { ERROR_CODES, type ErrorCode } from "./core/errors/error-code.js";
export type {
  ConfigurationHandler,
  ConnectorHandlers,
  MetadataHandler,
  RecordHandler,
} from "./core/handlers.js";
export type { Invocation } from "./core/invocation.js";
export * from "./core/limits.js";
export {
  createJsonLogger,
  type JsonLoggerOptions,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from "./core/log/logger.js";
export type * from "./core/model/configuration.js";
export type * from "./core/model/entity.js";
export * from "./core/model/enums.js";
export { DEFAULT_FILTER_OPERATORS } from "./core/model/filter-operators.js";
export * from "./core/model/requests.js";
export type * from "./core/model/responses.js";
export {
  type CollectedPage,
  type CollectPageOptions,
  collectPage,
  type PageSource,
} from "./core/records/collect-page.js";
export type { DataRecord, RecordPage, WriteOutcome } from "./core/records/data-record.js";
export { decodePageToken, encodePageToken, type PagePosition } from "./core/records/page-token.js";
export * from "./core/secrets/index.js";
export { type ParsedSettings, parseSettings, SCOPES_FOR } from "./core/settings/parse-settings.js";
export {
  describeSettings,
  type Setting,
  type SettingOptions,
  type SettingsShape,
  type SettingsValues,
  setting,
  settingsJsonSchema,
} from "./core/settings/setting.js";
