import type { WriteOperationType } from "../core/model/enums.js";

/**
 * The JSON Schema of the official TestConfig format (draft-07, as the official runners publish it), with this
 * kit's one extension: DELETE as a write operation. Every object is closed (`additionalProperties: false`), so a
 * misspelt key is named rather than ignored.
 */

const STRING = { type: "string" } as const;
const STRINGS = { type: "array", items: STRING } as const;
const STRING_MAP = { type: "object", additionalProperties: STRING } as const;

/** Write operations a test configuration may use: the official three plus DELETE. */
export const TEST_WRITE_OPERATIONS = [
  "INSERT",
  "UPDATE",
  "UPSERT",
  "DELETE",
] as const satisfies readonly WriteOperationType[];

/** The TestConfig JSON Schema (see the module comment). */
export const TEST_CONFIG_SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  required: ["runtimeSettings", "credentials", "testEntityIdentifier"],
  properties: {
    runtimeSettings: {
      type: "object",
      additionalProperties: false,
      properties: { connectorProfile: STRING_MAP, source: STRING_MAP, destination: STRING_MAP },
    },
    credentials: {
      type: "object",
      additionalProperties: false,
      properties: { secretArn: STRING, authenticationType: STRING },
    },
    testEntityIdentifier: STRING,
    retrieveRecordConfigurations: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["entityIdentifier", "selectedFieldNames"],
        properties: {
          entityIdentifier: STRING,
          selectedFieldNames: STRINGS,
          idFieldName: STRING,
          ids: STRINGS,
        },
      },
    },
    writeRecordConfigurations: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["entityIdentifier"],
        properties: {
          entityIdentifier: STRING,
          operation: { type: "string", enum: TEST_WRITE_OPERATIONS },
          idFieldNames: STRINGS,
          records: STRINGS,
          allOrNone: { type: "boolean" },
        },
      },
    },
    queryRecordConfigurations: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["entityIdentifier", "selectedFieldNames"],
        properties: { entityIdentifier: STRING, selectedFieldNames: STRINGS, filterExpression: STRING },
      },
    },
  },
} as const;
