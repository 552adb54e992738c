/**
 * The AppFlow responses, written once: the types (`src/core/model/responses.ts`), the encoders
 * (`src/hosts/appflow/wire/response-codec.ts`, dispatched by the hand-written `encodeResponse` in
 * `response-encoder.ts`)
 * and the JSON Schemas (`response-json-schema.ts`) are generated from it by `npm run generate:wire`. Each
 * response lists its keys in the order the official Python SDK writes them. DescribeConnectorConfiguration's
 * answer is the envelope and the configuration (appflow-configuration.ts), composed by hand.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { ERROR_CODES } from "../src/core/errors/error-code.js";
import { enumOf, maybe } from "./appflow-entity.js";

/** A key every response has, null when there is nothing to say. */
const orNull = <T extends TSchema>(schema: T, description?: string) =>
  maybe(schema, { "x-model-required": true, ...(description ? { description } : {}) });

const isSuccess = Type.Boolean({ description: "False when the call failed; `errorDetails` says why." });
const errorDetails = orNull(Type.Ref("ErrorDetails"), "Why the call failed; null when it succeeded.");
const records = orNull(Type.Array(Type.String()), "Each element is one record as JSON object text.");

export const ErrorDetails = Type.Object(
  {
    errorCode: enumOf(ERROR_CODES, "ERROR_CODES", "ErrorCode"),
    errorMessage: Type.String(),
    retryAfterSeconds: maybe(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }), {
      description: "When to try again, for throttling and unavailability errors.",
    }),
  },
  { $id: "ErrorDetails", description: "Why a call failed, as AppFlow shows it." },
);

export const WriteRecordResult = Type.Object(
  {
    isSuccess: Type.Boolean(),
    recordId: orNull(Type.String(), "The written record's id; null when unknown or not written."),
    errorMessage: orNull(Type.String()),
  },
  { $id: "WriteRecordResult", description: "The outcome of writing one record." },
);

export const ResponseEnvelope = Type.Object(
  { isSuccess, errorDetails },
  { $id: "ResponseEnvelope", description: "The success/error envelope every response has." },
);

export const ValidateCredentialsResponse = Type.Object(
  { isSuccess, errorDetails },
  { $id: "ValidateCredentialsResponse" },
);

export const ValidateConnectorRuntimeSettingsResponse = Type.Object(
  {
    isSuccess,
    errorsByInputField: orNull(
      Type.Record(Type.String(), Type.String()),
      "Setting key → what is wrong with its value.",
    ),
    errorDetails,
  },
  { $id: "ValidateConnectorRuntimeSettingsResponse" },
);

export const ListEntitiesResponse = Type.Object(
  {
    isSuccess,
    errorDetails,
    entities: orNull(Type.Array(Type.Ref("Entity"))),
    nextToken: orNull(Type.String()),
    cacheControl: orNull(Type.Ref("CacheControl")),
  },
  { $id: "ListEntitiesResponse" },
);

export const DescribeEntityResponse = Type.Object(
  {
    isSuccess,
    errorDetails,
    entityDefinition: orNull(Type.Ref("EntityDefinition")),
    cacheControl: orNull(Type.Ref("CacheControl")),
  },
  { $id: "DescribeEntityResponse" },
);

export const RetrieveDataResponse = Type.Object(
  { isSuccess, errorDetails, records },
  { $id: "RetrieveDataResponse" },
);

export const WriteDataResponse = Type.Object(
  { isSuccess, errorDetails, writeRecordResults: orNull(Type.Array(Type.Ref("WriteRecordResult"))) },
  { $id: "WriteDataResponse" },
);

export const QueryDataResponse = Type.Object(
  { isSuccess, errorDetails, nextToken: orNull(Type.String()), records },
  { $id: "QueryDataResponse" },
);

/** Every definition, in the order the generated files list them. */
export const RESPONSE_MODEL: readonly TSchema[] = [
  ErrorDetails,
  WriteRecordResult,
  ResponseEnvelope,
  ValidateCredentialsResponse,
  ValidateConnectorRuntimeSettingsResponse,
  ListEntitiesResponse,
  DescribeEntityResponse,
  RetrieveDataResponse,
  WriteDataResponse,
  QueryDataResponse,
];
