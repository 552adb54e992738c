/**
 * The enumerations of the AppFlow custom-connector model, spelled exactly as they travel on the wire
 * (by name, case-sensitive) and listed in declaration order.
 */

/** The fifteen data types a field can have. */
export const FIELD_DATA_TYPES = [
  "String",
  "Integer",
  "Float",
  "Double",
  "Long",
  "Short",
  "BigInteger",
  "BigDecimal",
  "ByteArray",
  "Boolean",
  "Date",
  "DateTime",
  "Struct",
  "Map",
  "List",
] as const;
export type FieldDataType = (typeof FIELD_DATA_TYPES)[number];

/** Operators a connector supports; the row-filter ones also appear in a field's `filterOperators`. */
export const CONNECTOR_OPERATORS = [
  "PROJECTION",
  "LESS_THAN",
  "GREATER_THAN",
  "BETWEEN",
  "LESS_THAN_OR_EQUAL_TO",
  "GREATER_THAN_OR_EQUAL_TO",
  "EQUAL_TO",
  "CONTAINS",
  "NOT_EQUAL_TO",
  "ADDITION",
  "SUBTRACTION",
  "MULTIPLICATION",
  "DIVISION",
  "MASK_ALL",
  "MASK_FIRST_N",
  "MASK_LAST_N",
  "VALIDATE_NON_NULL",
  "VALIDATE_NON_ZERO",
  "VALIDATE_NON_NEGATIVE",
  "VALIDATE_NUMERIC",
  "NO_OP",
] as const;
export type ConnectorOperator = (typeof CONNECTOR_OPERATORS)[number];

export const WRITE_OPERATION_TYPES = ["INSERT", "UPDATE", "UPSERT", "DELETE"] as const;
export type WriteOperationType = (typeof WRITE_OPERATION_TYPES)[number];

export const CONNECTOR_MODES = ["SOURCE", "DESTINATION"] as const;
export type ConnectorMode = (typeof CONNECTOR_MODES)[number];

export const TRIGGER_TYPES = ["SCHEDULED", "ONDEMAND"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const TRIGGER_FREQUENCIES = ["BYMINUTE", "HOURLY", "DAILY", "WEEKLY", "MONTHLY", "ONCE"] as const;
export type TriggerFrequency = (typeof TRIGGER_FREQUENCIES)[number];

export const DATA_TRANSFER_TYPES = ["RECORD", "FILE"] as const;
export type DataTransferType = (typeof DATA_TRANSFER_TYPES)[number];

export const SETTING_SCOPES = [
  "CONNECTOR_PROFILE",
  "SOURCE",
  "DESTINATION",
  "SOURCE_AND_DESTINATION",
] as const;
export type SettingScope = (typeof SETTING_SCOPES)[number];

/** Data types of runtime settings. `Url` exists only in the Java SDK (1.0.9). */
export const SETTING_DATA_TYPES = [
  "String",
  "Date",
  "DateTime",
  "Long",
  "Integer",
  "Boolean",
  "Url",
] as const;
export type SettingDataType = (typeof SETTING_DATA_TYPES)[number];

/** Authentication types on the Lambda wire. There is no `NoAuth` value there. */
export const AUTHENTICATION_TYPES = ["BasicAuth", "OAuth2", "ApiKey", "CustomAuth"] as const;
export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

export const OAUTH2_GRANT_TYPES = ["CLIENT_CREDENTIALS", "AUTHORIZATION_CODE"] as const;
export type OAuth2GrantType = (typeof OAUTH2_GRANT_TYPES)[number];

export const OAUTH2_CONTENT_TYPES = ["URL_ENCODED", "APPLICATION_JSON"] as const;
export type OAuth2ContentType = (typeof OAUTH2_CONTENT_TYPES)[number];

export const OAUTH2_METHOD_TYPES = ["HTTP_POST", "HTTP_GET"] as const;
export type OAuth2MethodType = (typeof OAUTH2_METHOD_TYPES)[number];

export const OAUTH2_CUSTOM_PROP_TYPES = ["TOKEN_URL", "AUTH_URL"] as const;
export type OAuth2CustomPropType = (typeof OAUTH2_CUSTOM_PROP_TYPES)[number];

export const TIME_UNITS = [
  "NANOSECONDS",
  "MICROSECONDS",
  "MILLISECONDS",
  "SECONDS",
  "MINUTES",
  "HOURS",
  "DAYS",
] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
