/** `connector-kit`: define a connector once, run it on every host. */
export { type Credentials, credentialsFromSecret } from "./core/auth/credentials.js";
export { type ConnectorContext, createConnectorContext } from "./core/context/connector-context.js";
export { ConnectorDefinitionError } from "./core/errors/connector-definition-error.js";
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
export {
  DEFAULT_METADATA_TTL_SECONDS,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SAFETY_MARGIN_MS,
  MAX_RESPONSE_BYTES,
  OPERATION_TIME_LIMIT_MS,
} from "./core/limits.js";
export {
  createJsonLogger,
  type JsonLoggerOptions,
  LOG_LEVELS,
  type LogFields,
  type Logger,
  type LogLevel,
  silentLogger,
} from "./core/log/logger.js";
export type {
  AuthenticationConfig,
  AuthParameter,
  ConnectorConfiguration,
  ConnectorRuntimeSetting,
  CustomAuthConfig,
  OAuth2CustomParameter,
  OAuth2Defaults,
} from "./core/model/configuration.js";
export type {
  CacheControl,
  Entity,
  EntityDefinition,
  FieldConstraints,
  FieldDefinition,
  RangeConstraint,
  ReadOperationProperty,
  WriteOperationProperty,
} from "./core/model/entity.js";
export {
  AUTHENTICATION_TYPES,
  type AuthenticationType,
  CONNECTOR_MODES,
  CONNECTOR_OPERATORS,
  type ConnectorMode,
  type ConnectorOperator,
  DATA_TRANSFER_TYPES,
  type DataTransferType,
  FIELD_DATA_TYPES,
  type FieldDataType,
  OAUTH2_CONTENT_TYPES,
  OAUTH2_CUSTOM_PROP_TYPES,
  OAUTH2_GRANT_TYPES,
  OAUTH2_METHOD_TYPES,
  type OAuth2ContentType,
  type OAuth2CustomPropType,
  type OAuth2GrantType,
  type OAuth2MethodType,
  SETTING_DATA_TYPES,
  SETTING_SCOPES,
  type SettingDataType,
  type SettingScope,
  TIME_UNITS,
  type TimeUnit,
  TRIGGER_FREQUENCIES,
  TRIGGER_TYPES,
  type TriggerFrequency,
  type TriggerType,
  WRITE_OPERATION_TYPES,
  type WriteOperationType,
} from "./core/model/enums.js";
export { DEFAULT_FILTER_OPERATORS } from "./core/model/filter-operators.js";
export {
  type ConnectorRequest,
  type CredentialsRef,
  type DescribeConnectorConfigurationRequest,
  type DescribeEntityRequest,
  type ListEntitiesRequest,
  type QueryDataRequest,
  REQUEST_TYPES,
  type RequestContext,
  type RequestType,
  type RetrieveDataRequest,
  type ValidateConnectorRuntimeSettingsRequest,
  type ValidateCredentialsRequest,
  type WriteDataRequest,
} from "./core/model/requests.js";
export type {
  DescribeConnectorConfigurationResponse,
  DescribeEntityResponse,
  ErrorDetails,
  ListEntitiesResponse,
  QueryDataResponse,
  ResponseByType,
  RetrieveDataResponse,
  ValidateConnectorRuntimeSettingsResponse,
  ValidateCredentialsResponse,
  WriteDataResponse,
  WriteRecordResult,
} from "./core/model/responses.js";
export {
  type CollectedPage,
  type CollectPageOptions,
  collectPage,
  type PageSource,
} from "./core/records/collect-page.js";
export type { DataRecord, RecordPage, WriteOutcome } from "./core/records/data-record.js";
export { JsonPageSink, ObjectPageSink, type PageSink } from "./core/records/page-sink.js";
export { decodePageToken, encodePageToken, type PagePosition } from "./core/records/page-token.js";
export { type FieldMapper, mapFields, projectFields } from "./core/records/project-fields.js";
export {
  CachedSecretResolver,
  type CachedSecretResolverOptions,
  DEFAULT_PUBLIC_SECRET_KEYS,
  DEFAULT_REDACT_MIN_LENGTH,
  DEFAULT_SECRET_CACHE_MAX_ENTRIES,
  DEFAULT_SECRET_CACHE_TTL_MS,
  ENV_SECRET_SCHEME,
  EnvSecretResolver,
  type EnvSecretResolverOptions,
  FILE_SECRET_SCHEME,
  FileSecretResolver,
  type FileSecretResolverOptions,
  parseSecretString,
  REDACTED,
  type RedactingResolverOptions,
  Redactor,
  type RedactorOptions,
  RoutingSecretResolver,
  redactingResolver,
  type SecretResolver,
  StaticSecretResolver,
} from "./core/secrets/index.js";
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
} from "./define/define-connector.js";
