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

export interface CustomAuthConfig {
  /** Connector-defined name of the scheme. */
  authenticationType: string;
  authParameters: AuthParameter[];
}

export interface OAuth2CustomParameter {
  key: string;
  required: boolean;
  label: string;
  description: string;
  type: OAuth2CustomPropType;
  sensitiveField?: boolean | null;
  connectorSuppliedValues?: string[] | null;
}

export interface OAuth2Defaults {
  /** Token endpoints; may contain `{{PLACEHOLDER}}`s the user fills in. */
  tokenURL: string[];
  authURL?: string[] | null;
  oAuth2GrantTypesSupported: OAuth2GrantType[];
  oAuthScopes?: string[] | null;
  oauth2CustomProperties?: OAuth2CustomParameter[] | null;
  /** Default: `false`. */
  addBasicAuthHeader?: boolean;
  /** Default: `URL_ENCODED`. */
  oAuth2ContentType?: OAuth2ContentType;
  /** Default: `HTTP_POST`. */
  oAuth2MethodType?: OAuth2MethodType;
}

export interface AuthenticationConfig {
  isBasicAuthSupported?: boolean | null;
  isApiKeyAuthSupported?: boolean | null;
  isOAuth2Supported?: boolean | null;
  isCustomAuthSupported?: boolean | null;
  oAuth2Defaults?: OAuth2Defaults | null;
  customAuthConfig?: CustomAuthConfig[] | null;
}

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
