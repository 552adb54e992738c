/**
 * The eight AppFlow requests, written once: the types (`src/core/model/requests.ts`), the decoders and
 * encoders (`src/hosts/appflow/wire/request-codec.ts`, around the hand-written dispatch on `type` in
 * `decode-request.ts`) and the JSON Schemas (`request-json-schema.ts`) are generated from it by
 * `npm run generate:wire`. Keywords as in appflow-entity.ts; unknown keys are ignored, as both official SDKs
 * ignore them.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { DEFAULT_PAGE_SIZE } from "../src/core/limits.js";
import { SETTING_SCOPES, WRITE_OPERATION_TYPES } from "../src/core/model/enums.js";
import { enumOf, maybe } from "./appflow-entity.js";

const settings = maybe(
  Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]), {
    "x-lenient-strings": true,
  }),
  { default: {}, "x-model-required": true, description: "The runtime settings the user gave, by key." },
);
/** A key the model always has, null when the event leaves it out. */
const orNull = <T extends TSchema>(schema: T, description?: string) =>
  maybe(schema, { "x-model-required": true, ...(description ? { description } : {}) });
const pageSize = (description: string) =>
  maybe(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }), {
    default: DEFAULT_PAGE_SIZE,
    "x-model-required": true,
    description,
  });
const typeOf = (name: string) => Type.Literal(name);
/** A string the model types as `AuthenticationType` while taking any other: the SDKs don't show all AppFlow sends. */
const authenticationType = Type.String({
  "x-open-enum": "AUTHENTICATION_TYPES",
  "x-type": "AuthenticationType",
});

export const CredentialsRef = Type.Object(
  {
    secretArn: orNull(Type.String()),
    authenticationType: orNull(
      authenticationType,
      "One of `AuthenticationType`, or another string AppFlow may send.",
    ),
  },
  {
    $id: "CredentialsRef",
    description: "Where the credentials are: a Secrets Manager ARN in AppFlow, never the secret itself.",
  },
);

export const RequestContext = Type.Object(
  {
    apiVersion: orNull(Type.String()),
    connectorRuntimeSettings: settings,
    credentials: orNull(Type.Ref("CredentialsRef")),
    entityDefinition: orNull(Type.Ref("EntityDefinition"), "The entity as the connector described it."),
    flowName: orNull(Type.String()),
    executionId: orNull(Type.String()),
    connectorProfileLabel: orNull(Type.String()),
  },
  { $id: "RequestContext", description: "What AppFlow sends with metadata and data operations." },
);

export const DescribeConnectorConfigurationRequest = Type.Object(
  {
    type: typeOf("DescribeConnectorConfigurationRequest"),
    locale: maybe(Type.String(), {
      default: "en-US",
      "x-model-required": true,
      description: 'Default: `"en-US"`.',
    }),
    connectorLabel: orNull(Type.String()),
  },
  { $id: "DescribeConnectorConfigurationRequest" },
);

export const ValidateCredentialsRequest = Type.Object(
  {
    type: typeOf("ValidateCredentialsRequest"),
    credentials: Type.Ref("CredentialsRef"),
    connectorRuntimeSettings: settings,
  },
  { $id: "ValidateCredentialsRequest" },
);

export const ValidateConnectorRuntimeSettingsRequest = Type.Object(
  {
    type: typeOf("ValidateConnectorRuntimeSettingsRequest"),
    scope: enumOf(SETTING_SCOPES, "SETTING_SCOPES", "SettingScope"),
    connectorRuntimeSettings: settings,
    authenticationType: orNull(
      authenticationType,
      "One of `AuthenticationType`, or another string AppFlow may send.",
    ),
  },
  { $id: "ValidateConnectorRuntimeSettingsRequest" },
);

export const ListEntitiesRequest = Type.Object(
  {
    type: typeOf("ListEntitiesRequest"),
    connectorContext: Type.Ref("RequestContext"),
    entitiesPath: orNull(Type.String(), "Null lists the top level."),
    nextToken: orNull(Type.String()),
    maxResult: pageSize(`Default: \`${DEFAULT_PAGE_SIZE}\`.`),
  },
  { $id: "ListEntitiesRequest" },
);

export const DescribeEntityRequest = Type.Object(
  {
    type: typeOf("DescribeEntityRequest"),
    entityIdentifier: Type.String(),
    connectorContext: Type.Ref("RequestContext"),
  },
  { $id: "DescribeEntityRequest" },
);

export const RetrieveDataRequest = Type.Object(
  {
    type: typeOf("RetrieveDataRequest"),
    entityIdentifier: Type.String(),
    connectorContext: Type.Ref("RequestContext"),
    selectedFieldNames: orNull(Type.Array(Type.String()), "Null selects every field."),
    idFieldName: orNull(Type.String()),
    ids: orNull(Type.Array(Type.String())),
  },
  { $id: "RetrieveDataRequest" },
);

export const WriteDataRequest = Type.Object(
  {
    type: typeOf("WriteDataRequest"),
    entityIdentifier: Type.String(),
    connectorContext: Type.Ref("RequestContext"),
    operation: orNull(enumOf(WRITE_OPERATION_TYPES, "WRITE_OPERATION_TYPES", "WriteOperationType")),
    idFieldNames: orNull(Type.Array(Type.String())),
    records: maybe(Type.Array(Type.String()), {
      default: [],
      "x-model-required": true,
      description: "Each element is one record as JSON object text.",
    }),
    allOrNone: maybe(Type.Boolean(), { default: false, "x-model-required": true }),
  },
  { $id: "WriteDataRequest" },
);

export const QueryDataRequest = Type.Object(
  {
    type: typeOf("QueryDataRequest"),
    entityIdentifier: Type.String(),
    connectorContext: Type.Ref("RequestContext"),
    selectedFieldNames: orNull(Type.Array(Type.String()), "Null selects every field."),
    filterExpression: orNull(Type.String(), "In AppFlow's filter language; null selects every record."),
    nextToken: orNull(Type.String()),
    maxResults: pageSize(`Default: \`${DEFAULT_PAGE_SIZE}\`.`),
  },
  { $id: "QueryDataRequest" },
);

/** Every definition, in the order the generated files list them. */
export const REQUEST_MODEL: readonly TSchema[] = [
  CredentialsRef,
  RequestContext,
  DescribeConnectorConfigurationRequest,
  ValidateCredentialsRequest,
  ValidateConnectorRuntimeSettingsRequest,
  ListEntitiesRequest,
  DescribeEntityRequest,
  RetrieveDataRequest,
  WriteDataRequest,
  QueryDataRequest,
];
