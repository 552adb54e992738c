import { ConnectorError } from "../../../core/errors/connector-error.js";
import { DEFAULT_PAGE_SIZE } from "../../../core/limits.js";
import { SETTING_SCOPES, WRITE_OPERATION_TYPES } from "../../../core/model/enums.js";
import {
  type ConnectorRequest,
  type CredentialsRef,
  REQUEST_TYPES,
  type RequestContext,
  type RequestType,
} from "../../../core/model/requests.js";
import {
  invalidAt,
  type JsonObject,
  object,
  oneOf,
  optional,
  optionalBoolean,
  optionalString,
  optionalStringArray,
  pathOf,
  positiveInteger,
  string,
  stringMap,
} from "./decoder.js";
import { decodeEntityDefinition, encodeEntityDefinition } from "./entity-codec.js";

const REQUEST_TYPE_SET = new Set<string>(REQUEST_TYPES);

/** The event's `type` when it is a known request type, else null. */
export function requestTypeOf(event: unknown): RequestType | null {
  if (event === null || typeof event !== "object") return null;
  const type = (event as JsonObject)["type"];
  return typeof type === "string" && REQUEST_TYPE_SET.has(type) ? (type as RequestType) : null;
}

function decodeCredentials(value: unknown, parent: string, key?: string): CredentialsRef {
  const path = pathOf(parent, key);
  const o = object(value, path);
  // Unknown authentication types pass: the SDKs don't show what AppFlow sends for connectors without auth.
  return {
    secretArn: optionalString(o["secretArn"], path, "secretArn"),
    authenticationType: optionalString(o["authenticationType"], path, "authenticationType"),
  };
}

function settingsOf(value: unknown, path: string, key?: string): Record<string, string> {
  return value === undefined || value === null ? {} : stringMap(value, path, key);
}

// Made once: `optional` and `oneOf` build a function (and a Set) each time they are called.
const optionalCredentials = optional(decodeCredentials);
const optionalEntityDefinition = optional(decodeEntityDefinition);
const settingScope = oneOf(SETTING_SCOPES);
const optionalWriteOperation = optional(oneOf(WRITE_OPERATION_TYPES));

function decodeContext(value: unknown, parent: string, key?: string): RequestContext {
  const path = pathOf(parent, key);
  if (value === undefined || value === null) throw invalidAt(path, "an object", value);
  const o = object(value, path);
  return {
    apiVersion: optionalString(o["apiVersion"], path, "apiVersion"),
    connectorRuntimeSettings: settingsOf(o["connectorRuntimeSettings"], path, "connectorRuntimeSettings"),
    credentials: optionalCredentials(o["credentials"], path, "credentials"),
    entityDefinition: optionalEntityDefinition(o["entityDefinition"], path, "entityDefinition"),
    flowName: optionalString(o["flowName"], path, "flowName"),
    executionId: optionalString(o["executionId"], path, "executionId"),
    connectorProfileLabel: optionalString(o["connectorProfileLabel"], path, "connectorProfileLabel"),
  };
}

function stringArrayOrEmpty(value: unknown, path: string): string[] {
  return optionalStringArray(value, path) ?? [];
}

/**
 * Decodes and validates one AppFlow event. Unknown keys are ignored (as both official SDKs do); a missing or
 * mistyped key is an InvalidArgument error naming its path.
 */
export function decodeRequest(event: unknown): ConnectorRequest {
  const e = object(event, "event");
  const type = e["type"];
  if (type === undefined || type === null)
    throw ConnectorError.invalidArgument("type: the event has no request type");
  if (typeof type !== "string" || !REQUEST_TYPE_SET.has(type)) {
    throw invalidAt("type", `one of ${REQUEST_TYPES.join(", ")}`, type);
  }
  switch (type as RequestType) {
    case "DescribeConnectorConfigurationRequest":
      return {
        type: "DescribeConnectorConfigurationRequest",
        locale: optionalString(e["locale"], "locale") ?? "en-US",
        connectorLabel: optionalString(e["connectorLabel"], "connectorLabel"),
      };
    case "ValidateCredentialsRequest":
      if (e["credentials"] === undefined || e["credentials"] === null)
        throw invalidAt("credentials", "an object", e["credentials"]);
      return {
        type: "ValidateCredentialsRequest",
        credentials: decodeCredentials(e["credentials"], "credentials"),
        connectorRuntimeSettings: settingsOf(e["connectorRuntimeSettings"], "connectorRuntimeSettings"),
      };
    case "ValidateConnectorRuntimeSettingsRequest":
      return {
        type: "ValidateConnectorRuntimeSettingsRequest",
        scope: settingScope(e["scope"], "scope"),
        connectorRuntimeSettings: settingsOf(e["connectorRuntimeSettings"], "connectorRuntimeSettings"),
        authenticationType: optionalString(e["authenticationType"], "authenticationType"),
      };
    case "ListEntitiesRequest":
      return {
        type: "ListEntitiesRequest",
        connectorContext: decodeContext(e["connectorContext"], "connectorContext"),
        entitiesPath: optionalString(e["entitiesPath"], "entitiesPath"),
        nextToken: optionalString(e["nextToken"], "nextToken"),
        maxResult: positiveInteger(e["maxResult"], "maxResult", DEFAULT_PAGE_SIZE),
      };
    case "DescribeEntityRequest":
      return {
        type: "DescribeEntityRequest",
        entityIdentifier: string(e["entityIdentifier"], "entityIdentifier"),
        connectorContext: decodeContext(e["connectorContext"], "connectorContext"),
      };
    case "RetrieveDataRequest":
      return {
        type: "RetrieveDataRequest",
        entityIdentifier: string(e["entityIdentifier"], "entityIdentifier"),
        connectorContext: decodeContext(e["connectorContext"], "connectorContext"),
        selectedFieldNames: optionalStringArray(e["selectedFieldNames"], "selectedFieldNames"),
        idFieldName: optionalString(e["idFieldName"], "idFieldName"),
        ids: optionalStringArray(e["ids"], "ids"),
      };
    case "WriteDataRequest":
      return {
        type: "WriteDataRequest",
        entityIdentifier: string(e["entityIdentifier"], "entityIdentifier"),
        connectorContext: decodeContext(e["connectorContext"], "connectorContext"),
        operation: optionalWriteOperation(e["operation"], "operation"),
        idFieldNames: optionalStringArray(e["idFieldNames"], "idFieldNames"),
        records: stringArrayOrEmpty(e["records"], "records"),
        allOrNone: optionalBoolean(e["allOrNone"], "allOrNone") ?? false,
      };
    case "QueryDataRequest":
      return {
        type: "QueryDataRequest",
        entityIdentifier: string(e["entityIdentifier"], "entityIdentifier"),
        connectorContext: decodeContext(e["connectorContext"], "connectorContext"),
        selectedFieldNames: optionalStringArray(e["selectedFieldNames"], "selectedFieldNames"),
        filterExpression: optionalString(e["filterExpression"], "filterExpression"),
        nextToken: optionalString(e["nextToken"], "nextToken"),
        maxResults: positiveInteger(e["maxResults"], "maxResults", DEFAULT_PAGE_SIZE),
      };
  }
}

function encodeContext(c: RequestContext): JsonObject {
  return {
    apiVersion: c.apiVersion,
    connectorRuntimeSettings: c.connectorRuntimeSettings,
    credentials: c.credentials
      ? { secretArn: c.credentials.secretArn, authenticationType: c.credentials.authenticationType }
      : null,
    entityDefinition: c.entityDefinition ? encodeEntityDefinition(c.entityDefinition) : null,
    flowName: c.flowName,
    executionId: c.executionId,
    connectorProfileLabel: c.connectorProfileLabel,
  };
}

/** Encodes a request as AppFlow would send it (used by the CLI, the flow runner and the tests). */
export function encodeRequest(request: ConnectorRequest): JsonObject {
  if ("connectorContext" in request) {
    return { ...request, connectorContext: encodeContext(request.connectorContext) };
  }
  return { ...request };
}
