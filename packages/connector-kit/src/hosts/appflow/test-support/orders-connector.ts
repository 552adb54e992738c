import { ConnectorError } from "../../../core/errors/connector-error.js";
import type { EntityDefinition } from "../../../core/model/entity.js";
import type { DataRecord } from "../../../core/records/data-record.js";
import { setting } from "../../../core/settings/setting.js";
import { sleep } from "../../../core/sleep.js";
import { defineConnector } from "../../../define/define-connector.js";

/** Knobs of the in-memory test connector. */
export interface OrdersConnectorOptions {
  /** The records of entity `orders`; each has a unique string `id`. */
  orders: DataRecord[];
  /** Records per upstream page. Default: 100. */
  upstreamPageSize?: number;
  /** Delay before each upstream page, in ms. Default: 0. */
  pageDelayMs?: number;
  /** Let the SDK apply filters on the records (the connector ignores them). Default: false. */
  clientSideFilter?: boolean;
  /** Called by validateCredentials with the password, to script failures. */
  checkPassword?: (password: string) => void;
}

export const ORDERS_ENTITY: EntityDefinition = {
  entity: { entityIdentifier: "orders", hasNestedEntities: false, isWritable: true, label: "Orders" },
  fields: [
    {
      fieldName: "id",
      dataType: "String",
      isPrimaryKey: true,
      readProperties: { isQueryable: true, isRetrievable: true },
    },
    { fieldName: "amount", dataType: "BigDecimal" },
    { fieldName: "note", dataType: "String" },
    {
      fieldName: "updatedAt",
      dataType: "DateTime",
      readProperties: { isTimestampFieldForIncrementalQueries: true, isQueryable: true },
    },
  ],
};

/** A real (in-memory) connector used by the host tests: entity tree, paging upstream, writes with failures. */
export function ordersConnector(options: OrdersConnectorOptions) {
  const store = options.orders;
  const pageSize = options.upstreamPageSize ?? 100;
  return defineConnector({
    name: "OrdersTest",
    owner: "connector-kit",
    version: "1.0.0",
    auth: { basic: true },
    settings: {
      region: setting.string({ label: "Region", required: true, options: ["eu", "us"] }),
      batchSize: setting.integer({ label: "Batch size", scope: "DESTINATION" }),
    },
    metadataCacheSeconds: 900,
    clientSideFilter: options.clientSideFilter ?? false,
    async validateCredentials(ctx) {
      if (ctx.credentials?.type !== "BasicAuth")
        throw new ConnectorError("InvalidCredentials", "Basic credentials expected");
      options.checkPassword?.(ctx.credentials.password);
    },
    async validateSettings(ctx) {
      return ctx.settings.region === "us" ? { region: "Region us is closed for maintenance" } : undefined;
    },
    async listEntities(_ctx, { path }) {
      if (path === null) return [{ entityIdentifier: "sales", hasNestedEntities: true, isWritable: false }];
      if (path === "sales")
        return [{ entityIdentifier: "orders", hasNestedEntities: false, label: "Orders" }];
      throw new ConnectorError("ResourceNotFoundError", `No entity ${path}`);
    },
    async describeEntity(_ctx, id) {
      if (id !== "orders") throw new ConnectorError("ResourceNotFoundError", `No entity ${id}`);
      return ORDERS_ENTITY;
    },
    async *query(ctx, input, token) {
      let start = token === null ? 0 : Number(token);
      while (start < store.length) {
        if (options.pageDelayMs) await sleep(options.pageDelayMs);
        ctx.signal.throwIfAborted();
        const slice = store.slice(start, start + pageSize);
        start += slice.length;
        const records = input.fields
          ? slice.map((r) => Object.fromEntries(input.fields!.map((f) => [f, r[f]])))
          : slice;
        yield { records, nextToken: start < store.length ? String(start) : null };
      }
    },
    async retrieve(_ctx, input) {
      const key = input.idFieldName ?? "id";
      return store.filter((r) => input.ids.includes(String(r[key])));
    },
    async write(_ctx, input) {
      return input.records.map((record) => {
        if (typeof record["id"] !== "string") return { isSuccess: false, errorMessage: "id is required" };
        const at = store.findIndex((r) => r["id"] === record["id"]);
        if (input.operation === "INSERT" && at >= 0)
          return { isSuccess: false, errorMessage: "duplicate id" };
        if (input.operation === "DELETE") {
          if (at >= 0) store.splice(at, 1);
        } else if (at >= 0) store[at] = { ...store[at], ...record };
        else store.push(record);
        return { isSuccess: true, recordId: record["id"] };
      });
    },
  });
}

/** `n` orders whose `note` sizes vary from empty to ~`maxNote` characters, with quotes and non-ASCII text. */
export function makeOrders(n: number, maxNote = 2000): DataRecord[] {
  const out: DataRecord[] = [];
  for (let i = 0; i < n; i++) {
    const len = (i * 7919) % (maxNote + 1);
    out.push({
      id: `o-${String(i).padStart(6, "0")}`,
      amount: `${i}.${i % 100}`,
      note: `"é\\${"x".repeat(len)}`,
      updatedAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    });
  }
  return out;
}
