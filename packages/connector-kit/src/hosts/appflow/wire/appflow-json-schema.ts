import { REQUEST_TYPES, type RequestType } from "../../../core/model/requests.js";
import { CONFIGURATION_MODEL_DEFS } from "./configuration-json-schema.js";
import { ENTITY_MODEL_DEFS, ENTITY_MODEL_INPUT_DEFS } from "./entity-json-schema.js";
import { REQUEST_MODEL_INPUT_DEFS } from "./request-json-schema.js";
import { RESPONSE_MODEL_DEFS } from "./response-json-schema.js";

/*
 * JSON Schemas (draft 2020-12) of every AppFlow request and response, as this SDK reads and writes them.
 * Requests are described as the decoder accepts them (unknown keys allowed, absent optional keys); responses
 * as the encoder writes them (every key present, nulls where there is no value).
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

/** An object whose keys are all required (responses: every key is written). */
function exact(properties: Record<string, Schema>): Schema {
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

const DEFS: Record<string, Schema> = {
  ...ENTITY_MODEL_DEFS,
  ...ENTITY_MODEL_INPUT_DEFS,
  ...CONFIGURATION_MODEL_DEFS,
  ErrorDetails: RESPONSE_MODEL_DEFS["ErrorDetails"]!,
  WriteRecordResult: RESPONSE_MODEL_DEFS["WriteRecordResult"]!,
  // Requests carry their context as the decoders accept it (entity definitions with defaults left out).
  RequestContextInput: REQUEST_MODEL_INPUT_DEFS["RequestContextInput"]!,
  CredentialsRefInput: REQUEST_MODEL_INPUT_DEFS["CredentialsRefInput"]!,
};

/** Each request as the decoders accept it: required keys present, optional ones absent or null. */
const REQUESTS = Object.fromEntries(
  REQUEST_TYPES.map((type) => [type, REQUEST_MODEL_INPUT_DEFS[`${type}Input`]!]),
) as Record<RequestType, Schema>;

const failure = (keys: readonly string[]): Schema =>
  exact({
    isSuccess: { const: false },
    errorDetails: ref("ErrorDetails"),
    ...Object.fromEntries(keys.map((k) => [k, { type: "null" }])),
  });

/** A generated schema without its `| null`. */
const present = (schema: Schema): Schema => {
  const anyOf = schema["anyOf"] as Schema[] | undefined;
  return anyOf?.length === 2 && (anyOf[1] as Schema)["type"] === "null" ? (anyOf[0] as Schema) : schema;
};

/**
 * A response's schema: its keys as generated (response-json-schema.ts), and what the shapes cannot say, as
 * variants: a success has no errorDetails and the keys in `onSuccess` set; a failure has errorDetails and its
 * other keys null (or, with `partial`, as on success — a page of results up to the failure).
 */
function outcome(name: string, onSuccess: readonly string[], partial = true): Schema {
  const {
    isSuccess: _,
    errorDetails: __,
    ...keys
  } = RESPONSE_MODEL_DEFS[name]!["properties"] as Record<string, Schema>;
  const success = Object.fromEntries(
    Object.entries(keys).map(([key, schema]) => [key, onSuccess.includes(key) ? present(schema) : schema]),
  );
  return {
    oneOf: [
      exact({ isSuccess: { const: true }, errorDetails: { type: "null" }, ...success }),
      failure(Object.keys(keys)),
      ...(partial
        ? [exact({ isSuccess: { const: false }, errorDetails: ref("ErrorDetails"), ...success })]
        : []),
    ],
  };
}

const RESPONSES: Record<RequestType, Schema> = {
  DescribeConnectorConfigurationRequest: {
    oneOf: [
      exact({
        ...(CONFIGURATION_MODEL_DEFS["ConnectorConfiguration"]!["properties"] as Record<string, Schema>),
        isSuccess: { const: true },
        errorDetails: { type: "null" },
      }),
      failure([]),
    ],
  },
  ValidateCredentialsRequest: outcome("ValidateCredentialsResponse", [], false),
  ValidateConnectorRuntimeSettingsRequest: {
    oneOf: [
      exact({
        isSuccess: { const: true },
        errorsByInputField: { type: "null" },
        errorDetails: { type: "null" },
      }),
      exact({
        isSuccess: { const: false },
        errorsByInputField: (
          RESPONSE_MODEL_DEFS["ValidateConnectorRuntimeSettingsResponse"]!["properties"] as Record<
            string,
            Schema
          >
        )["errorsByInputField"]!,
        errorDetails: ref("ErrorDetails"),
      }),
    ],
  },
  ListEntitiesRequest: outcome("ListEntitiesResponse", ["entities"]),
  DescribeEntityRequest: outcome("DescribeEntityResponse", ["entityDefinition"]),
  RetrieveDataRequest: outcome("RetrieveDataResponse", ["records"]),
  WriteDataRequest: outcome("WriteDataResponse", ["writeRecordResults"]),
  QueryDataRequest: outcome("QueryDataResponse", ["records"]),
};

/**
 * One JSON Schema document holding every AppFlow request and response: `$defs` has `<Type>` for each
 * request type and `<Type minus Request>Response` for its response, plus the shared model objects.
 */
export function appflowJsonSchema(): Schema {
  const defs: Record<string, Schema> = { ...DEFS };
  for (const type of REQUEST_TYPES) {
    defs[type] = REQUESTS[type];
    defs[`${type.replace(/Request$/, "")}Response`] = RESPONSES[type];
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://connector-kit.dev/schemas/appflow.json",
    title: "Amazon AppFlow custom connector protocol",
    $defs: defs,
    oneOf: REQUEST_TYPES.map((t) => ref(t)),
  };
}
