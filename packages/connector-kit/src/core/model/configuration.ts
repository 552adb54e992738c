// Generated from schema/appflow-configuration.ts by `npm run generate:wire`. Do not edit: edit the schema and regenerate.
import type {
  ConnectorMode,
  ConnectorOperator,
  DataTransferType,
  OAuth2ContentType,
  OAuth2CustomPropType,
  OAuth2GrantType,
  OAuth2MethodType,
  SettingDataType,
  SettingScope,
  TriggerFrequency,
  TriggerType,
  WriteOperationType,
} from "./enums.js";

/** A parameter AppFlow asks the user for, for a custom authentication scheme. */
export interface AuthParameter {
  key: string;
  required: boolean;
  label: string;
  description: string;
  /** Stored encrypted, never shown again. */
  sensitiveField?: boolean | null;
  connectorSuppliedValues?: string[] | null;
}

/** A custom authentication scheme and the parameters it asks for. */
export interface CustomAuthConfig {
  /** Connector-defined name of the scheme. */
  authenticationType: string;
  authParameters: AuthParameter[];
}

/** A parameter of the token or authorization URL the user fills in. */
export interface OAuth2CustomParameter {
  key: string;
  required: boolean;
  label: string;
  description: string;
  /** Stored encrypted, never shown again. */
  sensitiveField?: boolean | null;
  connectorSuppliedValues?: string[] | null;
  type: OAuth2CustomPropType;
}

/** How AppFlow runs the OAuth 2.0 flows of the connector. */
export interface OAuth2Defaults {
  oAuthScopes?: string[] | null;
  /** Token endpoints; may contain `{{PLACEHOLDER}}`s the user fills in. */
  tokenURL: string[];
  authURL?: string[] | null;
  oAuth2GrantTypesSupported: OAuth2GrantType[];
  /** Spelled as the Java SDK spells it; the Python SDK's `oAuth2CustomProperties` is read too. */
  oauth2CustomProperties?: OAuth2CustomParameter[] | null;
  /** Default: `false`. */
  addBasicAuthHeader?: boolean | null;
  /** Default: `URL_ENCODED`. */
  oAuth2ContentType?: OAuth2ContentType | null;
  /** Default: `HTTP_POST`. */
  oAuth2MethodType?: OAuth2MethodType | null;
}

/** The authentication schemes the connector supports. */
export interface AuthenticationConfig {
  /** Basic authentication. Written as `false` when absent. */
  isBasicAuthSupported?: boolean | null;
  /** API key authentication. Written as `false` when absent. */
  isApiKeyAuthSupported?: boolean | null;
  /** OAuth 2.0. Written as `false` when absent. */
  isOAuth2Supported?: boolean | null;
  /** Custom authentication schemes (`customAuthConfig`). Written as `false` when absent. */
  isCustomAuthSupported?: boolean | null;
  oAuth2Defaults?: OAuth2Defaults | null;
  customAuthConfig?: CustomAuthConfig[] | null;
}

/** A setting the user gives the connector, and where it applies. */
export interface ConnectorRuntimeSetting {
  key: string;
  dataType: SettingDataType;
  required: boolean;
  label: string;
  description: string;
  scope: SettingScope;
  connectorSuppliedValueOptions?: string[] | null;
}

/** The body of a DescribeConnectorConfiguration answer, without the success/error envelope. */
export interface ConnectorConfiguration {
  connectorOwner: string;
  connectorName: string;
  connectorVersion: string;
  connectorModes: ConnectorMode[];
  authenticationConfig: AuthenticationConfig | null;
  supportedApiVersions: string[];
  connectorRuntimeSetting: ConnectorRuntimeSetting[] | null;
  logoURL: string | null;
  operatorsSupported: ConnectorOperator[];
  triggerFrequenciesSupported: TriggerFrequency[];
  supportedWriteOperations: WriteOperationType[];
  supportedTriggerTypes: TriggerType[];
  supportedDataTransferTypes: DataTransferType[];
}
