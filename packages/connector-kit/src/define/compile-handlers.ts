import { connectorContextOf } from "../core/context/connector-context.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { Invocation } from "../core/invocation.js";
import { DEFAULT_METADATA_TTL_SECONDS } from "../core/limits.js";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import type { CacheControl } from "../core/model/entity.js";
import type { SettingScope } from "../core/model/enums.js";
import type { RequestContext } from "../core/model/requests.js";
import type { WriteRecordResult } from "../core/model/responses.js";
import type { DataRecord } from "../core/records/data-record.js";
import { PageGuard } from "../core/records/page-guard.js";
import { JsonPageSink } from "../core/records/page-sink.js";
import { decodePageToken, encodePageToken } from "../core/records/page-token.js";
import { parseSettings, SCOPES_FOR, scopesValidatedWith } from "../core/settings/parse-settings.js";
import type { SettingsShape } from "../core/settings/setting.js";
import type { ConnectorDefinition } from "./define-connector.js";
import { checkFields, checkWrite, queryRecords, unsupported, writeRecords } from "./record-calls.js";

/**
 * Room kept in a response for everything but the records: the envelope and the token (at most
 * 2,048 ASCII characters, see MAX_PAGE_TOKEN_LENGTH).
 */
const ENVELOPE_BYTES = 8 * 1024;

const OK = { isSuccess: true, errorDetails: null } as const;

function parseRecord(text: string, index: number): DataRecord | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return `Record ${index} is not valid JSON`;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value))
    return `Record ${index} is not a JSON object`;
  return value as DataRecord;
}

/** Compiles a high-level definition into the three low-level handler groups. */
export function compileHandlers<S extends SettingsShape>(
  def: ConnectorDefinition<S>,
  configuration: ConnectorConfiguration,
): ConnectorHandlers {
  const shape = (def.settings ?? {}) as S;
  const cacheControl: CacheControl = {
    timeToLive: def.metadataCacheSeconds ?? DEFAULT_METADATA_TTL_SECONDS,
    timeToLiveUnit: "SECONDS",
  };
  const context = (ctx: RequestContext, scopes: readonly SettingScope[], inv: Invocation) =>
    connectorContextOf(shape, ctx, scopes, inv);

  return {
    configuration: {
      async describeConnectorConfiguration() {
        return { ...OK, ...configuration };
      },
      async validateCredentials(request, inv) {
        if (!request.credentials.secretArn && configuration.authenticationConfig) {
          throw new ConnectorError(
            "InvalidCredentials",
            "credentials.secretArn is required to validate credentials",
          );
        }
        const ctx = await connectorContextOf(
          shape,
          { connectorRuntimeSettings: request.connectorRuntimeSettings, credentials: request.credentials },
          [],
          inv,
        );
        await def.validateCredentials?.(ctx);
        return { ...OK };
      },
      async validateConnectorRuntimeSettings(request, inv) {
        const scopes = scopesValidatedWith(request.scope);
        const { errors } = parseSettings(shape, request.connectorRuntimeSettings, scopes);
        if (Object.keys(errors).length === 0 && def.validateSettings) {
          const ctx = await connectorContextOf(
            shape,
            { connectorRuntimeSettings: request.connectorRuntimeSettings, credentials: null },
            [],
            inv,
          );
          Object.assign(errors, (await def.validateSettings(ctx, request.scope)) ?? {});
        }
        const keys = Object.keys(errors);
        if (keys.length === 0) return { ...OK, errorsByInputField: null };
        return {
          isSuccess: false,
          errorsByInputField: errors,
          errorDetails: {
            errorCode: "InvalidArgument",
            errorMessage: `Invalid runtime settings: ${keys.join(", ")}`,
          },
        };
      },
    },
    metadata: {
      async listEntities(request, inv) {
        const ctx = await context(request.connectorContext, SCOPES_FOR.profile, inv);
        const position = request.nextToken
          ? decodePageToken(request.nextToken)
          : { upstream: null, skip: 0, emitted: 0 };
        const max = request.maxResult;
        if (!def.listEntities) throw unsupported("listEntities");
        const result = await def.listEntities(ctx, {
          path: request.entitiesPath,
          nextToken: position.upstream,
          maxResults: max,
        });
        if (Array.isArray(result)) {
          const entities = result.slice(position.skip, position.skip + max);
          const end = position.skip + entities.length;
          const nextToken =
            end < result.length
              ? encodePageToken({ upstream: position.upstream, skip: end, emitted: 0 })
              : null;
          return { ...OK, entities, nextToken, cacheControl };
        }
        const upstream = result.nextToken ?? null;
        if (upstream !== null && upstream === position.upstream) {
          throw new ConnectorError(
            "ServerError",
            "listEntities returned the token it was given; stopping instead of looping",
          );
        }
        return {
          ...OK,
          entities: result.entities,
          nextToken: upstream === null ? null : encodePageToken({ upstream, skip: 0, emitted: 0 }),
          cacheControl,
        };
      },
      async describeEntity(request, inv) {
        const ctx = await context(request.connectorContext, SCOPES_FOR.profile, inv);
        if (!def.describeEntity) throw unsupported("describeEntity");
        const entityDefinition = await def.describeEntity(ctx, request.entityIdentifier);
        return { ...OK, entityDefinition, cacheControl };
      },
    },
    record: {
      async queryData(request, inv) {
        const page = await queryRecords(
          def,
          request,
          inv,
          new JsonPageSink(inv.maxResponseBytes - ENVELOPE_BYTES),
        );
        return { isSuccess: true, errorDetails: null, nextToken: page.nextToken, records: page.records };
      },
      async retrieveData(request, inv) {
        const retrieve = def.retrieve;
        if (!retrieve) throw unsupported("retrieveData");
        const entity = request.connectorContext.entityDefinition;
        checkFields(entity, request.selectedFieldNames, "selectedFieldNames");
        checkFields(entity, request.idFieldName === null ? null : [request.idFieldName], "idFieldName");
        const ctx = await context(request.connectorContext, SCOPES_FOR.source, inv);
        const found = await retrieve.call(def, ctx, {
          entityIdentifier: request.entityIdentifier,
          entity,
          fields: request.selectedFieldNames,
          idFieldName: request.idFieldName,
          ids: request.ids ?? [],
        });
        const guard = new PageGuard(inv.maxResponseBytes - ENVELOPE_BYTES);
        for (const record of found) {
          if (!guard.tryAdd(JSON.stringify(record))) {
            throw ConnectorError.invalidArgument(
              `The ${found.length} records found exceed the ${inv.maxResponseBytes}-byte response limit; ask for fewer ids`,
            );
          }
        }
        return { ...OK, records: guard.records };
      },
      async writeData(request, inv) {
        checkWrite(def, configuration, request);
        const parsed = request.records.map(parseRecord);
        const bad = parsed.filter((p): p is string => typeof p === "string");
        const results: WriteRecordResult[] = parsed.map((p) =>
          typeof p === "string"
            ? { isSuccess: false, recordId: null, errorMessage: p }
            : { isSuccess: false, recordId: null, errorMessage: null },
        );
        if (bad.length > 0 && request.allOrNone) {
          const why = `allOrNone: nothing was written because ${bad.length} record(s) are invalid`;
          for (const r of results) r.errorMessage ??= why;
          return {
            isSuccess: false,
            errorDetails: { errorCode: "InvalidArgument", errorMessage: `${why} (first: ${bad[0]})` },
            writeRecordResults: results,
          };
        }
        const good = parsed.flatMap((p, i) => (typeof p === "string" ? [] : [{ record: p, index: i }]));
        const written = await writeRecords(
          def,
          configuration,
          { ...request, records: good.map((g) => g.record) },
          inv,
        );
        good.forEach((g, k) => {
          results[g.index] = written.results[k]!;
        });
        const failed = written.failed + bad.length;
        if (failed === 0) return { ...OK, writeRecordResults: results };
        return {
          isSuccess: false,
          errorDetails: {
            errorCode: "PartialWriteFailure",
            errorMessage: `${failed} of ${results.length} records were not written${request.allOrNone ? " (allOrNone: none was kept)" : ""}`,
          },
          writeRecordResults: results,
        };
      },
    },
  };
}
