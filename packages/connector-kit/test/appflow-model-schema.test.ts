import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type TSchema, Type } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AuthenticationConfig,
  CONFIGURATION_MODEL,
  ConnectorConfiguration,
} from "../schema/appflow-configuration.js";
import {
  CacheControl,
  ENTITY_MODEL,
  Entity,
  EntityDefinition,
  FieldDefinition,
} from "../schema/appflow-entity.js";
import { REQUEST_MODEL } from "../schema/appflow-requests.js";
import { QueryDataResponse, RESPONSE_MODEL, WriteDataResponse } from "../schema/appflow-responses.js";
import { generatedFiles } from "../schema/generate.js";
import {
  CONNECTOR_MODES,
  CONNECTOR_OPERATORS,
  FIELD_DATA_TYPES,
  OAUTH2_CONTENT_TYPES,
  OAUTH2_CUSTOM_PROP_TYPES,
  OAUTH2_GRANT_TYPES,
  SETTING_DATA_TYPES,
  SETTING_SCOPES,
  TIME_UNITS,
  WRITE_OPERATION_TYPES,
} from "../src/core/model/enums.js";
import { REQUEST_TYPES } from "../src/core/model/requests.js";
import {
  decodeAuthenticationConfig,
  decodeConnectorConfiguration,
  encodeConnectorConfiguration,
} from "../src/hosts/appflow/wire/configuration-codec.js";
import { CONFIGURATION_MODEL_INPUT_DEFS } from "../src/hosts/appflow/wire/configuration-json-schema.js";
import {
  decodeCacheControl,
  decodeEntity,
  decodeEntityDefinition,
  decodeFieldDefinition,
} from "../src/hosts/appflow/wire/entity-codec.js";
import { ENTITY_MODEL_INPUT_DEFS } from "../src/hosts/appflow/wire/entity-json-schema.js";
import { decodeRequest } from "../src/hosts/appflow/wire/request-dispatch.js";
import { REQUEST_MODEL_INPUT_DEFS } from "../src/hosts/appflow/wire/request-json-schema.js";
import {
  decodeQueryDataResponse,
  decodeWriteDataResponse,
} from "../src/hosts/appflow/wire/response-codec.js";
import { RESPONSE_MODEL_INPUT_DEFS } from "../src/hosts/appflow/wire/response-json-schema.js";

import { eitherOdd, odd } from "./support/odd-values.js";

const packageRoot = join(import.meta.dirname, "..");

describe("the AppFlow model, generated from one schema", () => {
  it("the generated files are what the schema gives (run `npm run generate:wire` after editing it)", () => {
    for (const [path, text] of Object.entries(generatedFiles())) {
      expect(readFileSync(join(packageRoot, path), "utf8"), path).toBe(text);
    }
  });

  // Mostly valid values with a wrong one here and there, through JSON as events arrive.
  const either = <T>(arb: fc.Arbitrary<T>) => eitherOdd(arb);
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(either(arb), { nil: undefined, freq: 3 });
  const map = fc.dictionary(
    fc.string({ maxLength: 3 }),
    fc.oneof(fc.string(), fc.integer(), fc.boolean(), odd),
    {
      maxKeys: 2,
    },
  );
  const range = fc.record({ minRange: either(fc.integer()), maxRange: either(fc.double({ noNaN: true })) });
  const field = fc.record(
    {
      fieldName: either(fc.string({ maxLength: 6 })),
      dataType: either(fc.constantFrom(...FIELD_DATA_TYPES)),
      dataTypeLabel: maybe(fc.string({ maxLength: 4 })),
      label: maybe(fc.string({ maxLength: 4 })),
      isPrimaryKey: maybe(fc.boolean()),
      constraints: maybe(
        fc.record(
          {
            allowedLengthRange: maybe(range),
            allowedValues: maybe(fc.array(either(fc.string()), { maxLength: 2 })),
          },
          { requiredKeys: [] },
        ),
      ),
      readProperties: maybe(fc.record({ isQueryable: maybe(fc.boolean()) }, { requiredKeys: [] })),
      filterOperators: maybe(fc.array(either(fc.constantFrom(...CONNECTOR_OPERATORS)), { maxLength: 3 })),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const entity = fc.record(
    {
      entityIdentifier: either(fc.string({ maxLength: 6 })),
      hasNestedEntities: maybe(fc.boolean()),
      isWritable: maybe(fc.boolean()),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const definition = fc.record(
    {
      entity: either(entity),
      fields: maybe(fc.array(either(field), { maxLength: 3 })),
      customProperties: maybe(map),
    },
    { requiredKeys: [] },
  );
  const cache = fc.record(
    { timeToLive: either(fc.integer()), timeToLiveUnit: maybe(fc.constantFrom(...TIME_UNITS)) },
    { requiredKeys: [] },
  );

  const text = fc.string({ maxLength: 4 });
  const parameter = {
    key: either(text),
    required: either(fc.boolean()),
    label: either(text),
    description: either(text),
    sensitiveField: maybe(fc.boolean()),
    connectorSuppliedValues: maybe(fc.array(either(text), { maxLength: 2 })),
  };
  const authentication = fc.record(
    {
      isBasicAuthSupported: maybe(fc.boolean()),
      isOAuth2Supported: maybe(fc.boolean()),
      oAuth2Defaults: maybe(
        fc.record(
          {
            oAuthScopes: maybe(fc.array(text, { maxLength: 2 })),
            tokenURL: either(fc.array(either(text), { maxLength: 2 })),
            oAuth2GrantTypesSupported: either(
              fc.array(either(fc.constantFrom(...OAUTH2_GRANT_TYPES)), { maxLength: 2 }),
            ),
            oauth2CustomProperties: maybe(
              fc.array(
                either(
                  fc.record(
                    { ...parameter, type: either(fc.constantFrom(...OAUTH2_CUSTOM_PROP_TYPES)) },
                    { requiredKeys: [] },
                  ),
                ),
                { maxLength: 2 },
              ),
            ),
            addBasicAuthHeader: maybe(fc.boolean()),
            oAuth2ContentType: maybe(fc.constantFrom(...OAUTH2_CONTENT_TYPES)),
          },
          { requiredKeys: [] },
        ),
      ),
      customAuthConfig: maybe(
        fc.array(
          either(
            fc.record(
              {
                authenticationType: either(text),
                authParameters: either(
                  fc.array(either(fc.record(parameter, { requiredKeys: [] })), { maxLength: 2 }),
                ),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const configuration = fc.record(
    {
      connectorOwner: either(text),
      connectorName: either(text),
      connectorVersion: either(text),
      connectorModes: either(fc.array(either(fc.constantFrom(...CONNECTOR_MODES)), { maxLength: 2 })),
      authenticationConfig: maybe(authentication),
      supportedApiVersions: either(fc.array(either(text), { maxLength: 2 })),
      connectorRuntimeSetting: maybe(
        fc.array(
          either(
            fc.record(
              {
                key: either(text),
                dataType: either(fc.constantFrom(...SETTING_DATA_TYPES)),
                required: either(fc.boolean()),
                label: either(text),
                description: either(text),
                scope: either(fc.constantFrom(...SETTING_SCOPES)),
              },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
      logoURL: maybe(text),
      operatorsSupported: fc.option(
        either(fc.array(fc.constantFrom(...CONNECTOR_OPERATORS), { maxLength: 3 })),
        { nil: undefined },
      ),
      supportedWriteOperations: fc.option(
        either(fc.array(either(fc.constantFrom(...WRITE_OPERATION_TYPES)), { maxLength: 2 })),
        { nil: undefined },
      ),
    },
    { requiredKeys: [] },
  );

  const context = fc.record(
    {
      apiVersion: maybe(text),
      connectorRuntimeSettings: maybe(map),
      credentials: maybe(
        fc.record({ secretArn: maybe(text), authenticationType: maybe(text) }, { requiredKeys: [] }),
      ),
      entityDefinition: maybe(definition),
      flowName: maybe(text),
    },
    { requiredKeys: [] },
  );
  /** Requests of every type (a valid `type`: the dispatch on it is tested in the host's tests). */
  const request = fc.oneof(
    fc.record(
      {
        type: fc.constant("QueryDataRequest"),
        entityIdentifier: either(text),
        connectorContext: either(context),
        selectedFieldNames: maybe(fc.array(either(text), { maxLength: 2 })),
        filterExpression: maybe(text),
        nextToken: maybe(text),
        maxResults: maybe(fc.oneof(fc.integer({ min: -2, max: 3000 }), fc.double())),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constant("WriteDataRequest"),
        entityIdentifier: either(text),
        connectorContext: either(context),
        operation: maybe(fc.constantFrom(...WRITE_OPERATION_TYPES)),
        records: maybe(fc.array(either(text), { maxLength: 2 })),
        allOrNone: maybe(fc.boolean()),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constant("ValidateCredentialsRequest"),
        credentials: either(fc.record({ secretArn: maybe(text) }, { requiredKeys: [] })),
        connectorRuntimeSettings: maybe(map),
      },
      { requiredKeys: ["type"] },
    ),
    fc.record(
      {
        type: fc.constant("ListEntitiesRequest"),
        connectorContext: either(context),
        maxResult: maybe(fc.integer()),
      },
      { requiredKeys: ["type"] },
    ),
  );

  const errorDetails = fc.record(
    {
      errorCode: either(fc.constantFrom("InvalidArgument", "ServerError", "RateLimitExceeded")),
      errorMessage: either(text),
      retryAfterSeconds: maybe(fc.oneof(fc.integer({ min: -1, max: 60 }), fc.double({ noNaN: true }))),
    },
    { requiredKeys: [] },
  );
  const envelope = { isSuccess: either(fc.boolean()), errorDetails: maybe(errorDetails) };
  const queryResponse = fc.record(
    { ...envelope, nextToken: maybe(text), records: maybe(fc.array(either(text), { maxLength: 2 })) },
    { requiredKeys: [] },
  );
  const writeResponse = fc.record(
    {
      ...envelope,
      writeRecordResults: maybe(
        fc.array(
          either(
            fc.record(
              { isSuccess: either(fc.boolean()), recordId: maybe(text), errorMessage: maybe(text) },
              { requiredKeys: [] },
            ),
          ),
          { maxLength: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  );

  const ajv = new Ajv2020({ strict: false });
  /** The generated JSON Schema of a definition (of any request, for "Request"), as requests carry it. */
  const inputSchema = (name: string) =>
    ajv.compile({
      $defs: {
        ...ENTITY_MODEL_INPUT_DEFS,
        ...CONFIGURATION_MODEL_INPUT_DEFS,
        ...REQUEST_MODEL_INPUT_DEFS,
        ...RESPONSE_MODEL_INPUT_DEFS,
      },
      ...(name === "Request"
        ? { anyOf: REQUEST_TYPES.map((type) => ({ $ref: `#/$defs/${type}Input` })) }
        : { $ref: `#/$defs/${name}Input` }),
    });
  const cases: {
    name: string;
    schema: TSchema;
    decode: (value: unknown, path: string) => unknown;
    values: fc.Arbitrary<unknown>;
  }[] = [
    {
      name: "EntityDefinition",
      schema: EntityDefinition,
      decode: decodeEntityDefinition,
      values: definition,
    },
    { name: "Entity", schema: Entity, decode: decodeEntity, values: entity },
    { name: "FieldDefinition", schema: FieldDefinition, decode: decodeFieldDefinition, values: field },
    { name: "CacheControl", schema: CacheControl, decode: decodeCacheControl, values: cache },
    {
      name: "ConnectorConfiguration",
      schema: ConnectorConfiguration,
      decode: decodeConnectorConfiguration,
      values: configuration,
    },
    {
      name: "AuthenticationConfig",
      schema: AuthenticationConfig,
      decode: decodeAuthenticationConfig,
      values: authentication,
    },
    {
      name: "QueryDataResponse",
      schema: QueryDataResponse,
      decode: decodeQueryDataResponse,
      values: queryResponse,
    },
    {
      name: "WriteDataResponse",
      schema: WriteDataResponse,
      decode: decodeWriteDataResponse,
      values: writeResponse,
    },
    {
      name: "Request",
      schema: Type.Union(REQUEST_TYPES.map((type) => Type.Ref(type))),
      decode: (value) => decodeRequest(value),
      values: request,
    },
  ];

  for (const { name, schema, decode, values } of cases) {
    it(`${name}: the TypeBox source, the generated JSON Schema and the generated decoder accept the same values`, () => {
      const validate = inputSchema(name);
      let accepted = 0;
      fc.assert(
        fc.property(either(values), (value) => {
          const json = JSON.parse(JSON.stringify(value)) as unknown;
          let decoded = true;
          try {
            decode(json, name);
          } catch (error) {
            decoded = false;
            // A refusal names the key path and what was expected.
            // (An event without a `type` is refused by the dispatch before any key path.)
            expect((error as Error).message).toMatch(
              /^(.+: expected .+, got |type: the event has no request type)/,
            );
          }
          expect(
            Value.Check(
              schema,
              [...ENTITY_MODEL, ...CONFIGURATION_MODEL, ...REQUEST_MODEL, ...RESPONSE_MODEL],
              json,
            ),
            JSON.stringify(json),
          ).toBe(decoded);
          expect(validate(json), JSON.stringify(json)).toBe(decoded);
          if (decoded) accepted++;
        }),
        { numRuns: 2500 },
      );
      // Enough valid values to mean something (a configuration has many required keys to get right).
      expect(accepted).toBeGreaterThan(100);
    });
  }

  it("OAuth2 custom properties are read under both official spellings, and written under the Java SDK's", () => {
    const base = {
      connectorOwner: "o",
      connectorName: "n",
      connectorVersion: "1",
      connectorModes: ["SOURCE"],
      supportedApiVersions: ["v1"],
    };
    const property = { key: "domain", required: true, label: "Domain", description: "d", type: "AUTH_URL" };
    const defaults = { tokenURL: ["https://t"], oAuth2GrantTypesSupported: ["CLIENT_CREDENTIALS"] };
    for (const spelling of ["oauth2CustomProperties", "oAuth2CustomProperties"]) {
      const decoded = decodeConnectorConfiguration(
        { ...base, authenticationConfig: { oAuth2Defaults: { ...defaults, [spelling]: [property] } } },
        "c",
      );
      const encoded = encodeConnectorConfiguration(decoded) as {
        authenticationConfig: { oAuth2Defaults: object };
      };
      expect(encoded.authenticationConfig.oAuth2Defaults).toMatchObject({
        oauth2CustomProperties: [property],
      });
      expect(() =>
        decodeConnectorConfiguration(
          {
            ...base,
            authenticationConfig: {
              oAuth2Defaults: { ...defaults, [spelling]: [{ ...property, type: "X" }] },
            },
          },
          "c",
        ),
      ).toThrow(
        "c.authenticationConfig.oAuth2Defaults.oauth2CustomProperties[0].type: expected one of TOKEN_URL, AUTH_URL",
      );
    }
  });
});
