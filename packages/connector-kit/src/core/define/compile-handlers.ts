import type { FilterQuery } from "../../filter/ast.js";
import { compilePredicate } from "../../filter/predicate.js";
import { forEachNode } from "../../filter/visitor.js";
import { ConnectorError } from "../errors/connector-error.js";
import type { ConnectorHandlers } from "../handlers.js";
import type { Invocation } from "../invocation.js";
import { DEFAULT_METADATA_TTL_SECONDS } from "../limits.js";
import type { ConnectorConfiguration } from "../model/configuration.js";
import type { CacheControl, EntityDefinition } from "../model/entity.js";
import type { SettingScope } from "../model/enums.js";
import type { RequestContext } from "../model/requests.js";
import type { WriteRecordResult } from "../model/responses.js";
import { collectPage } from "../records/collect-page.js";
import type { DataRecord } from "../records/data-record.js";
import { PageGuard } from "../records/page-guard.js";
import { decodePageToken, encodePageToken } from "../records/page-token.js";
import { parseSettings, SCOPES_FOR, scopesValidatedWith } from "../settings/parse-settings.js";
import type { SettingsShape } from "../settings/setting.js";
import { connectorContextOf } from "./connector-context.js";
import type { ConnectorDefinition } from "./define-connector.js";
import { parseQueryFilter } from "./query-filter.js";

/**
 * Room kept in a response for everything but the records: the envelope and the token (at most
 * 2,048 ASCII characters, see MAX_PAGE_TOKEN_LENGTH).
 */
const ENVELOPE_BYTES = 8 * 1024;

const OK = { isSuccess: true, errorDetails: null } as const;

function unsupported(what: string): ConnectorError {
  return ConnectorError.invalidArgument(`This connector does not support ${what}`);
}

function checkFields(entity: EntityDefinition | null, names: readonly string[] | null, what: string): void {
  if (!entity || !names) return;
  const fields = entity.fields;
  const unknown: string[] = [];
  // Names usually come in field order, so look at the field after the last match first.
  let next = 0;
  for (const name of names) {
    if (fields[next]?.fieldName === name) {
      next++;
      continue;
    }
    const at = fields.findIndex((f) => f.fieldName === name);
    if (at === -1) unknown.push(name);
    else next = at + 1;
  }
  if (unknown.length > 0) {
    throw ConnectorError.invalidArgument(
      `${what} names fields that entity ${entity.entity.entityIdentifier} does not have: ${unknown.join(", ")}`,
    );
  }
}

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

/** Keeps the records the filter accepts, reduced to the selected fields. */
function clientSideSelect(filter: FilterQuery, entity: EntityDefinition | null, selected: string[] | null) {
  const accept = compilePredicate(filter, entity ?? undefined);
  return (record: DataRecord): DataRecord | null => {
    if (!accept(record)) return null;
    if (!selected) return record;
    const out: DataRecord = {};
    for (const name of selected) if (Object.hasOwn(record, name)) out[name] = record[name];
    return out;
  };
}

/** The field names a filter reads. */
function fieldsOf(filter: FilterQuery): string[] {
  const names = new Set<string>();
  if (filter.expression) {
    forEachNode(filter.expression, (node) => {
      if ("field" in node) names.add(node.field);
      else if (node.kind === "identifier") names.add(node.name);
    });
  }
  return [...names];
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
        const entityDefinition = await def.describeEntity(ctx, request.entityIdentifier);
        return { ...OK, entityDefinition, cacheControl };
      },
    },
    record: {
      async queryData(request, inv) {
        const query = def.query;
        if (!query) throw unsupported("queryData");
        const entity = request.connectorContext.entityDefinition;
        checkFields(entity, request.selectedFieldNames, "selectedFieldNames");
        const filter = parseQueryFilter(request.filterExpression, entity);
        const ctx = await context(request.connectorContext, SCOPES_FOR.source, inv);
        const clientSide = def.clientSideFilter === true && filter.filter !== null ? filter.filter : null;
        const selected = request.selectedFieldNames;
        // Fields the filter reads beyond the selected ones: asked of the connector, dropped again after.
        const extra = clientSide && selected ? fieldsOf(clientSide).filter((f) => !selected.includes(f)) : [];
        const input = {
          entityIdentifier: request.entityIdentifier,
          entity,
          fields: extra.length > 0 ? [...selected!, ...extra] : selected,
          filterExpression: filter.expression,
          filter: filter.filter,
          pageSize: request.maxResults,
          limit: filter.limit,
        };
        const page = await collectPage((token) => query.call(def, ctx, input, token), {
          position: request.nextToken
            ? decodePageToken(request.nextToken)
            : { upstream: null, skip: 0, emitted: 0 },
          maxRecords: request.maxResults,
          limit: filter.limit,
          budgetBytes: inv.maxResponseBytes - ENVELOPE_BYTES,
          deadline: inv.deadline,
          expired: inv.expired,
          now: inv.now,
          // Records are projected again only when the filter needed extra fields; the connector projects.
          select: clientSide
            ? clientSideSelect(clientSide, entity, extra.length > 0 ? selected : null)
            : undefined,
        });
        if (page.endedBy !== "complete" && page.endedBy !== "size") {
          inv.logger.info("Page ended early by the page guard", {
            endedBy: page.endedBy,
            records: page.records.length,
          });
        }
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
        const write = def.write;
        if (!write) throw unsupported("writeData");
        const operation = request.operation;
        if (operation === null) throw ConnectorError.invalidArgument("operation is required");
        if (!configuration.supportedWriteOperations.includes(operation)) {
          throw ConnectorError.invalidArgument(`This connector does not support the ${operation} operation`);
        }
        const entity = request.connectorContext.entityDefinition;
        checkFields(entity, request.idFieldNames, "idFieldNames");
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
        if (good.length > 0) {
          const ctx = await context(request.connectorContext, SCOPES_FOR.destination, inv);
          const outcomes = await write.call(def, ctx, {
            entityIdentifier: request.entityIdentifier,
            entity,
            operation,
            idFieldNames: request.idFieldNames ?? [],
            records: good.map((g) => g.record),
            allOrNone: request.allOrNone,
          });
          if (!Array.isArray(outcomes) || outcomes.length !== good.length) {
            throw new ConnectorError(
              "ServerError",
              `The connector returned ${Array.isArray(outcomes) ? outcomes.length : "no"} write results for ${good.length} records`,
            );
          }
          good.forEach((g, k) => {
            const o = outcomes[k]!;
            results[g.index] = {
              isSuccess: o.isSuccess === true,
              recordId: o.recordId ?? null,
              errorMessage: o.isSuccess === true ? null : (o.errorMessage ?? "The record was not written"),
            };
          });
        }
        const failed = results.filter((r) => !r.isSuccess).length;
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
