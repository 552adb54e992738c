import { describe, expect, it } from "vitest";
import { ordersConnector } from "../test-support/orders-connector.js";
import { decodeConnectorConfiguration, encodeConnectorConfiguration } from "./configuration-codec.js";
import type { JsonObject } from "./decoder.js";
import { decodeEntityDefinition, encodeEntityDefinition } from "./entity-codec.js";
import { decodeRequest, encodeRequest } from "./request-dispatch.js";
import { encodeResponse } from "./response-encoder.js";

/** A fully specified entity definition, every key present, as a connector would describe it. */
const ENTITY_DEFINITION: JsonObject = {
  entity: {
    entityIdentifier: "crm/Account",
    hasNestedEntities: false,
    isWritable: true,
    label: "Account",
    description: "Customer accounts",
    customProperties: { region: "eu" },
  },
  fields: [
    {
      fieldName: "Id",
      dataType: "String",
      dataTypeLabel: "id",
      label: "Account Id",
      description: "Primary key",
      isPrimaryKey: true,
      defaultValue: null,
      isDeprecated: false,
      constraints: {
        allowedLengthRange: { minRange: 15, maxRange: 18 },
        allowedValueRange: null,
        allowedValues: null,
        allowedValuesRegexPattern: "^[A-Za-z0-9]+$",
        allowedDateFormat: null,
      },
      readProperties: {
        isRetrievable: true,
        isNullable: false,
        isQueryable: true,
        isTimestampFieldForIncrementalQueries: false,
      },
      writeProperties: {
        isCreatable: false,
        isUpdatable: false,
        isNullable: false,
        isUpsertable: true,
        isDefaultedOnCreate: true,
        supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"],
      },
      filterOperators: ["EQUAL_TO", "NOT_EQUAL_TO"],
      customProperties: null,
    },
    {
      fieldName: "Revenue",
      dataType: "BigDecimal",
      dataTypeLabel: "currency",
      label: null,
      description: null,
      isPrimaryKey: null,
      defaultValue: "0",
      isDeprecated: null,
      constraints: null,
      readProperties: null,
      writeProperties: null,
      filterOperators: [],
      customProperties: { precision: "18" },
    },
  ],
  customProperties: null,
};

const ALL_TYPES = [
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
];

describe("model round-trips: decode → encode gives the same JSON", () => {
  it("EntityDefinition, fully specified", () => {
    expect(encodeEntityDefinition(decodeEntityDefinition(ENTITY_DEFINITION, "d"))).toEqual(ENTITY_DEFINITION);
  });

  it("fields of all 15 data types, defaults materialized once and then stable", () => {
    const sparse = {
      entity: { entityIdentifier: "t", hasNestedEntities: false },
      fields: ALL_TYPES.map((dataType) => ({ fieldName: `f${dataType}`, dataType })),
    };
    const once = encodeEntityDefinition(decodeEntityDefinition(sparse, "d"));
    expect(encodeEntityDefinition(decodeEntityDefinition(once, "d"))).toEqual(once);
    const ops = (once["fields"] as JsonObject[]).map((f) => [
      f["dataType"],
      (f["filterOperators"] as string[]).length,
    ]);
    expect(ops).toEqual([
      ["String", 3],
      ["Integer", 6],
      ["Float", 6],
      ["Double", 6],
      ["Long", 6],
      ["Short", 6],
      ["BigInteger", 6],
      ["BigDecimal", 6],
      ["ByteArray", 0],
      ["Boolean", 2],
      ["Date", 6],
      ["DateTime", 6],
      ["Struct", 0],
      ["Map", 1],
      ["List", 1],
    ]);
    expect((once["entity"] as JsonObject)["isWritable"]).toBe(true);
  });

  it("ConnectorConfiguration, including OAuth2 and custom auth", () => {
    const configuration = {
      connectorOwner: "ExampleCo",
      connectorName: "Example",
      connectorVersion: "2.1",
      connectorModes: ["SOURCE"],
      authenticationConfig: {
        isBasicAuthSupported: false,
        isApiKeyAuthSupported: true,
        isOAuth2Supported: true,
        isCustomAuthSupported: true,
        oAuth2Defaults: {
          oAuthScopes: ["read"],
          tokenURL: ["https://{{TENANT}}.example.com/token"],
          authURL: ["https://{{TENANT}}.example.com/authorize"],
          oAuth2GrantTypesSupported: ["AUTHORIZATION_CODE", "CLIENT_CREDENTIALS"],
          oauth2CustomProperties: [
            {
              key: "audience",
              required: false,
              label: "Audience",
              description: "Token audience",
              sensitiveField: null,
              connectorSuppliedValues: null,
              type: "TOKEN_URL",
            },
          ],
          addBasicAuthHeader: true,
          oAuth2ContentType: "APPLICATION_JSON",
          oAuth2MethodType: "HTTP_POST",
        },
        customAuthConfig: [
          {
            authenticationType: "ConnectionUrl",
            authParameters: [
              {
                key: "url",
                required: true,
                label: "URL",
                description: "Connection URL",
                sensitiveField: true,
                connectorSuppliedValues: null,
              },
            ],
          },
        ],
      },
      supportedApiVersions: ["v1", "v2"],
      connectorRuntimeSetting: [
        {
          key: "host",
          dataType: "String",
          required: true,
          label: "Host",
          description: "Server",
          scope: "CONNECTOR_PROFILE",
          connectorSuppliedValueOptions: null,
        },
      ],
      logoURL: "https://example.com/logo.png",
      operatorsSupported: ["PROJECTION", "EQUAL_TO"],
      triggerFrequenciesSupported: ["DAILY"],
      supportedWriteOperations: [],
      supportedTriggerTypes: ["ONDEMAND"],
      supportedDataTransferTypes: ["RECORD"],
    };
    expect(encodeConnectorConfiguration(decodeConnectorConfiguration(configuration, "c"))).toEqual(
      configuration,
    );
  });

  it("a connector's own configuration survives the trip", () => {
    const { configuration } = ordersConnector({ orders: [] });
    const json = JSON.parse(JSON.stringify(encodeConnectorConfiguration(configuration)));
    expect(encodeConnectorConfiguration(decodeConnectorConfiguration(json, "c"))).toEqual(json);
  });

  it("requests: decode → encode → decode is stable for every type", () => {
    const ctx = {
      apiVersion: "v1",
      connectorRuntimeSettings: { a: "1" },
      credentials: { secretArn: "arn", authenticationType: "ApiKey" },
      entityDefinition: ENTITY_DEFINITION,
      flowName: "f",
      executionId: "e",
      connectorProfileLabel: "p",
    };
    const requests = [
      { type: "DescribeConnectorConfigurationRequest", locale: "de-DE", connectorLabel: "x" },
      {
        type: "ValidateCredentialsRequest",
        credentials: { secretArn: "arn", authenticationType: "OAuth2" },
        connectorRuntimeSettings: {},
      },
      {
        type: "ValidateConnectorRuntimeSettingsRequest",
        scope: "SOURCE",
        connectorRuntimeSettings: { a: "b" },
        authenticationType: null,
      },
      {
        type: "ListEntitiesRequest",
        connectorContext: ctx,
        entitiesPath: "x",
        nextToken: null,
        maxResult: 10,
      },
      { type: "DescribeEntityRequest", entityIdentifier: "x", connectorContext: ctx },
      {
        type: "RetrieveDataRequest",
        entityIdentifier: "x",
        connectorContext: ctx,
        selectedFieldNames: ["Id"],
        idFieldName: "Id",
        ids: ["1"],
      },
      {
        type: "WriteDataRequest",
        entityIdentifier: "x",
        connectorContext: ctx,
        operation: "DELETE",
        idFieldNames: ["Id"],
        records: ["{}"],
        allOrNone: true,
      },
      {
        type: "QueryDataRequest",
        entityIdentifier: "x",
        connectorContext: ctx,
        selectedFieldNames: null,
        filterExpression: "Id = '1'",
        nextToken: "t",
        maxResults: 5,
      },
    ];
    for (const json of requests) {
      const encoded = encodeRequest(decodeRequest(json));
      expect(encoded).toEqual(json);
      expect(encodeRequest(decodeRequest(JSON.parse(JSON.stringify(encoded))))).toEqual(encoded);
    }
  });

  it("requests: documented defaults apply when keys are absent", () => {
    expect(decodeRequest({ type: "DescribeConnectorConfigurationRequest" })).toEqual({
      type: "DescribeConnectorConfigurationRequest",
      locale: "en-US",
      connectorLabel: null,
    });
    const q = decodeRequest({
      type: "QueryDataRequest",
      entityIdentifier: "x",
      connectorContext: { apiVersion: null },
    });
    expect(q).toMatchObject({
      maxResults: 1000,
      nextToken: null,
      filterExpression: null,
      selectedFieldNames: null,
    });
    const w = decodeRequest({
      type: "WriteDataRequest",
      entityIdentifier: "x",
      connectorContext: {},
      operation: "INSERT",
    });
    expect(w).toMatchObject({ records: [], allOrNone: false, idFieldNames: null });
  });

  it("responses: each type is encoded with exactly its keys", () => {
    const base = { isSuccess: true, errorDetails: null };
    expect(
      Object.keys(encodeResponse("QueryDataRequest", { ...base, nextToken: null, records: [] })),
    ).toEqual(["isSuccess", "errorDetails", "nextToken", "records"]);
    expect(
      Object.keys(
        encodeResponse("ValidateConnectorRuntimeSettingsRequest", { ...base, errorsByInputField: null }),
      ),
    ).toEqual(["isSuccess", "errorsByInputField", "errorDetails"]);
    expect(
      encodeResponse("WriteDataRequest", {
        isSuccess: false,
        errorDetails: { errorCode: "PartialWriteFailure", errorMessage: "1 failed" },
        writeRecordResults: [{ isSuccess: false, recordId: null, errorMessage: "bad" }],
      }),
    ).toEqual({
      isSuccess: false,
      errorDetails: { errorCode: "PartialWriteFailure", errorMessage: "1 failed", retryAfterSeconds: null },
      writeRecordResults: [{ isSuccess: false, recordId: null, errorMessage: "bad" }],
    });
  });
});
