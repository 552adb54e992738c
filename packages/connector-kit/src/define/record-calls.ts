import { connectorContextOf } from "../core/context/connector-context.js";
import { ConnectorError } from "../core/errors/connector-error.js";
import type { Invocation } from "../core/invocation.js";
import type { ConnectorConfiguration } from "../core/model/configuration.js";
import type { EntityDefinition } from "../core/model/entity.js";
import type { WriteOperationType } from "../core/model/enums.js";
import type { QueryDataRequest, WriteDataRequest } from "../core/model/requests.js";
import type { WriteRecordResult } from "../core/model/responses.js";
import { collectPage } from "../core/records/collect-page.js";
import type { DataRecord } from "../core/records/data-record.js";
import type { PageSink } from "../core/records/page-sink.js";
import { decodePageToken } from "../core/records/page-token.js";
import { projectFields } from "../core/records/project-fields.js";
import { SCOPES_FOR } from "../core/settings/parse-settings.js";
import type { SettingsShape } from "../core/settings/setting.js";
import type { FilterQuery } from "../filter/ast.js";
import { compilePredicate } from "../filter/predicate.js";
import { forEachNode } from "../filter/visitor.js";
import type { ConnectorDefinition } from "./define-connector.js";
import { parseQueryFilter } from "./query-filter.js";

/** One page of a query, in the form the sink made of its records. */
export interface QueriedPage<T> {
  records: T[];
  /** The SDK's token resuming after the last record, or null when the query is complete. */
  nextToken: string | null;
}

/** A WriteData request whose records are objects already (a caller in the same process). */
export type WriteRecordsRequest = Omit<WriteDataRequest, "records"> & { records: DataRecord[] };

/** The outcome of a write: one result per record, in order, and how many failed. */
export interface WrittenRecords {
  results: WriteRecordResult[];
  failed: number;
}

/** The error for an operation the connector does not implement. */
export function unsupported(what: string): ConnectorError {
  return ConnectorError.invalidArgument(`This connector does not support ${what}`);
}

/** Checks that every name is a field of the entity (when the request carries its definition). */
export function checkFields(
  entity: EntityDefinition | null,
  names: readonly string[] | null,
  what: string,
): void {
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

/** Keeps the records the filter accepts, reduced to the selected fields. */
function clientSideSelect(filter: FilterQuery, entity: EntityDefinition | null, selected: string[] | null) {
  const accept = compilePredicate(filter, entity ?? undefined);
  return (record: DataRecord): DataRecord | null => {
    if (!accept(record)) return null;
    if (!selected) return record;
    return projectFields(record, selected);
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

/**
 * One page of a query through a connector's `query`, whatever the host: the fields and the filter are
 * checked against the entity before any connector code runs, LIMIT holds across pages, `clientSideFilter`
 * applies the filter here, and the page ends at `maxResults`, at the deadline, or when `sink` is full. The
 * token resumes exactly after the last record returned.
 */
export async function queryRecords<S extends SettingsShape, T>(
  def: ConnectorDefinition<S>,
  request: Omit<QueryDataRequest, "type">,
  invocation: Invocation,
  sink: PageSink<T>,
): Promise<QueriedPage<T>> {
  const query = def.query;
  if (!query) throw unsupported("queryData");
  const entity = request.connectorContext.entityDefinition;
  checkFields(entity, request.selectedFieldNames, "selectedFieldNames");
  const filter = parseQueryFilter(request.filterExpression, entity);
  const made = connectorContextOf(
    (def.settings ?? {}) as S,
    request.connectorContext,
    SCOPES_FOR.source,
    invocation,
  );
  // A warm context comes back as it is: awaiting it anyway would cost a turn of the microtask queue.
  const ctx = made instanceof Promise ? await made : made;
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
    sink,
    deadline: invocation.deadline,
    expired: invocation.expired,
    now: invocation.now,
    // Records are projected again only when the filter needed extra fields; the connector projects.
    select: clientSide ? clientSideSelect(clientSide, entity, extra.length > 0 ? selected : null) : undefined,
  });
  if (page.endedBy !== "complete" && page.endedBy !== "size") {
    invocation.logger.info("Page ended early by the page guard", {
      endedBy: page.endedBy,
      records: page.records.length,
    });
  }
  return { records: page.records, nextToken: page.nextToken };
}

/**
 * Checks a write before any record is looked at: the connector writes, supports the operation, and the key
 * fields are the entity's. Returns the connector's `write` and the operation.
 */
export function checkWrite<S extends SettingsShape>(
  def: ConnectorDefinition<S>,
  configuration: ConnectorConfiguration,
  request: Pick<WriteDataRequest, "operation" | "idFieldNames" | "connectorContext">,
): { write: NonNullable<ConnectorDefinition<S>["write"]>; operation: WriteOperationType } {
  const write = def.write;
  if (!write) throw unsupported("writeData");
  const operation = request.operation;
  if (operation === null) throw ConnectorError.invalidArgument("operation is required");
  if (!configuration.supportedWriteOperations.includes(operation)) {
    throw ConnectorError.invalidArgument(`This connector does not support the ${operation} operation`);
  }
  checkFields(request.connectorContext.entityDefinition, request.idFieldNames, "idFieldNames");
  return { write, operation };
}

/**
 * Writes records through a connector's `write`, whatever the host: the operation must be one the connector
 * supports, the key fields must be the entity's and every record an object; the connector must answer one
 * outcome per record.
 */
export async function writeRecords<S extends SettingsShape>(
  def: ConnectorDefinition<S>,
  configuration: ConnectorConfiguration,
  request: WriteRecordsRequest,
  invocation: Invocation,
): Promise<WrittenRecords> {
  const { write, operation } = checkWrite(def, configuration, request);
  const entity = request.connectorContext.entityDefinition;
  const records = request.records;
  records.forEach((record, i) => {
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw ConnectorError.invalidArgument(`Record ${i} is not a JSON object`);
    }
  });
  if (records.length === 0) return { results: [], failed: 0 };
  const ctx = await connectorContextOf(
    (def.settings ?? {}) as S,
    request.connectorContext,
    SCOPES_FOR.destination,
    invocation,
  );
  const outcomes = await write.call(def, ctx, {
    entityIdentifier: request.entityIdentifier,
    entity,
    operation,
    idFieldNames: request.idFieldNames ?? [],
    records,
    allOrNone: request.allOrNone,
  });
  if (!Array.isArray(outcomes) || outcomes.length !== records.length) {
    throw new ConnectorError(
      "ServerError",
      `The connector returned ${Array.isArray(outcomes) ? outcomes.length : "no"} write results for ${records.length} records`,
    );
  }
  let failed = 0;
  const results = outcomes.map((o): WriteRecordResult => {
    const ok = o?.isSuccess === true;
    if (!ok) failed++;
    return {
      isSuccess: ok,
      recordId: o?.recordId ?? null,
      errorMessage: ok ? null : (o?.errorMessage ?? "The record was not written"),
    };
  });
  return { results, failed };
}
