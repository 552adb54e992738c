import type { ConnectorHandlers, MetadataHandler, RecordHandler } from "../../core/handlers.js";
import type { EntityDefinition } from "../../core/model/entity.js";
import type { DataRecord } from "../../core/records/data-record.js";
import { sleep } from "../../core/sleep.js";
import { defineConnector } from "../../define/define-connector.js";
import { makeShopOrders, ORDERS, shopConnector } from "./shop-connector.js";

/*
 * Deliberately broken connectors: the good shop connector's low-level handlers with one method replaced, so each
 * breaks exactly one rule. Low-level, because defineConnector's own guards would stop most of these faults.
 */

const OK = { isSuccess: true, errorDetails: null } as const;

function patched(patch: {
  record?: Partial<RecordHandler>;
  metadata?: Partial<MetadataHandler>;
  configuration?: Partial<ConnectorHandlers["configuration"]>;
}): ConnectorHandlers {
  const base = shopConnector().handlers;
  return {
    configuration: { ...base.configuration, ...patch.configuration },
    metadata: { ...base.metadata, ...patch.metadata },
    record: { ...base.record, ...patch.record },
  };
}

const orders = makeShopOrders();
const page = (records: DataRecord[]) => records.map((r) => JSON.stringify(r));

/** Returns the same nextToken on every page. */
export const fakeRepeatingToken = () =>
  patched({
    record: {
      async queryData(request) {
        const start = request.nextToken === null ? 0 : 2;
        return { ...OK, records: page(orders.slice(start, start + 2)), nextToken: "same-token" };
      },
    },
  });

/** Ignores maxResults: everything on one page. */
export const fakeOversizedPages = () =>
  patched({
    record: {
      async queryData() {
        return { ...OK, records: page(orders), nextToken: null };
      },
    },
  });

/** Pages overlap by one record: page n holds records n-1 and n. */
export const fakeRepeatingRecord = () =>
  patched({
    record: {
      async queryData(request) {
        const start = request.nextToken === null ? 0 : Number(request.nextToken);
        const next = start + 1 < orders.length - 1 ? String(start + 1) : null;
        return { ...OK, records: page(orders.slice(start, start + 2)), nextToken: next };
      },
    },
  });

function withDefinition(change: (d: EntityDefinition) => EntityDefinition): ConnectorHandlers {
  const base = shopConnector().handlers;
  return patched({
    metadata: {
      async describeEntity(request, inv) {
        if (request.entityIdentifier !== "orders") return base.metadata.describeEntity(request, inv);
        return { ...OK, entityDefinition: change(ORDERS), cacheControl: null };
      },
    },
  });
}

/** A Boolean field declaring LESS_THAN. */
export const fakeBooleanLessThan = () =>
  withDefinition((d) => ({
    ...d,
    fields: d.fields.map((f) =>
      f.fieldName === "paid" ? { ...f, filterOperators: ["EQUAL_TO", "LESS_THAN"] } : f,
    ),
  }));

/** A String field marked as the incremental timestamp. */
export const fakeIncrementalString = () =>
  withDefinition((d) => ({
    ...d,
    fields: d.fields.map((f) =>
      f.fieldName === "note" ? { ...f, readProperties: { isTimestampFieldForIncrementalQueries: true } } : f,
    ),
  }));

/** Ignores the filter expression (but honours paging and selection): filtered queries return all records. */
export const fakeIgnoringFilters = () =>
  patched({
    record: {
      async queryData(request) {
        const start = request.nextToken === null ? 0 : Number(request.nextToken);
        const end = start + request.maxResults;
        const fields = request.selectedFieldNames;
        const selected = orders
          .slice(start, end)
          .map((r) => (fields ? Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]])) : r));
        return { ...OK, records: page(selected), nextToken: end < orders.length ? String(end) : null };
      },
    },
  });

/** Returns one write result fewer than the records it was sent. */
export const fakeShortWriteResults = () =>
  patched({
    record: {
      async writeData(request) {
        const results = request.records
          .slice(1)
          .map(() => ({ isSuccess: true, recordId: "x", errorMessage: null }));
        return { ...OK, writeRecordResults: results };
      },
    },
  });

/** Calls itself "AWSOrders". */
export const fakeReservedName = () => {
  const base = shopConnector();
  return patched({
    configuration: {
      async describeConnectorConfiguration() {
        return { ...OK, ...base.configuration, connectorName: "AWSOrders" };
      },
    },
  });
};

/** DescribeEntity answers after `delayMs` (async: the host's deadline cuts it off). */
export const fakeSlowDescribe = (delayMs: number) => {
  const base = shopConnector().handlers;
  return patched({
    metadata: {
      async describeEntity(request, inv) {
        await sleep(delayMs);
        return base.metadata.describeEntity(request, inv);
      },
    },
  });
};

/** DescribeEntity blocks the event loop for `blockMs` (no timer can cut it off; only the measurement sees it). */
export const fakeBlockingDescribe = (blockMs: number) => {
  const base = shopConnector().handlers;
  return patched({
    metadata: {
      async describeEntity(request, inv) {
        const until = Date.now() + blockMs;
        while (Date.now() < until) {
          // busy wait
        }
        return base.metadata.describeEntity(request, inv);
      },
    },
  });
};

/** A defineConnector whose DescribeEntity answers a definition bigger than the response limit. */
export const fakeHugeDefinition = () =>
  defineConnector({
    ...shopConnector().definition,
    async describeEntity() {
      return { ...ORDERS, entity: { ...ORDERS.entity, description: "x".repeat(7_000_000) } };
    },
  });

/** Records come back as objects instead of JSON strings. */
export const fakeObjectRecords = () =>
  patched({
    record: {
      async queryData() {
        return { ...OK, records: orders as unknown as string[], nextToken: null };
      },
    },
  });

/**
 * Writes every string value but the id cut to its first character, as a `char(1)` column would keep it, and
 * reports success: only reading the records back shows it.
 */
export const fakeCorruptingWrites = () => {
  const base = shopConnector().handlers;
  return patched({
    record: {
      ...base.record,
      async writeData(request, inv) {
        const records = request.records.map((text) => {
          const record = JSON.parse(text) as DataRecord;
          for (const [key, value] of Object.entries(record))
            if (key !== "id" && typeof value === "string") record[key] = value.slice(0, 1);
          return JSON.stringify(record);
        });
        return base.record.writeData({ ...request, records }, inv);
      },
    },
  });
};
