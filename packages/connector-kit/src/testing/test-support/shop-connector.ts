import { ConnectorError } from "../../core/errors/connector-error.js";
import type { EntityDefinition } from "../../core/model/entity.js";
import type { DataRecord } from "../../core/records/data-record.js";
import { StaticSecretResolver } from "../../core/secrets/static-secret-resolver.js";
import { setting } from "../../core/settings/setting.js";
import { defineConnector } from "../../define/define-connector.js";
import { compilePredicate, parseFilter } from "../../filter/index.js";
import type { TestConfig } from "../test-config.js";

/** The secret reference the sample test config uses, and a resolver that knows it. */
export const SHOP_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:shop-test-AbCdEf";
export const shopSecrets = () =>
  new StaticSecretResolver({ [SHOP_SECRET_ARN]: { username: "tester", password: "s3cret" } });

export const ORDERS: EntityDefinition = {
  entity: { entityIdentifier: "orders", hasNestedEntities: false, label: "Orders" },
  fields: [
    {
      fieldName: "id",
      dataType: "String",
      isPrimaryKey: true,
      writeProperties: { supportedWriteOperations: ["UPDATE", "UPSERT", "DELETE"] },
    },
    { fieldName: "amount", dataType: "BigDecimal" },
    { fieldName: "qty", dataType: "Integer", filterOperators: ["EQUAL_TO", "GREATER_THAN", "BETWEEN"] },
    { fieldName: "paid", dataType: "Boolean" },
    { fieldName: "note", dataType: "String" },
    { fieldName: "day", dataType: "Date" },
    {
      fieldName: "updatedAt",
      dataType: "DateTime",
      readProperties: { isTimestampFieldForIncrementalQueries: true, isQueryable: true, isRetrievable: true },
    },
    { fieldName: "tags", dataType: "List" },
    { fieldName: "secretCode", dataType: "String", readProperties: { isQueryable: false } },
  ],
};

export const CUSTOMERS: EntityDefinition = {
  entity: { entityIdentifier: "customers", hasNestedEntities: false },
  fields: [
    { fieldName: "id", dataType: "String", isPrimaryKey: true },
    { fieldName: "name", dataType: "String" },
  ],
};

/** Seven orders with every field type filled in (a few nulls and absences on purpose). */
export function makeShopOrders(): DataRecord[] {
  const notes = ["blue box", "red box", "blue bag", 'O\'Brien "quoted"', "", "green", "blue"];
  return notes.map((note, i) => ({
    id: `o-${i + 1}`,
    amount: 10 + i * 2.5,
    qty: i % 4,
    paid: i % 2 === 0,
    note,
    day: `2024-03-0${i + 1}`,
    updatedAt: new Date(Date.UTC(2024, 2, 1, 10, i * 7)).toISOString(),
    ...(i === 5 ? {} : { tags: i % 2 ? ["a", "b"] : ["c"] }),
    secretCode: `s${i}`,
  }));
}

/**
 * A well-behaved in-memory connector: nested entity tree, paging by offset, real filtering with the filter
 * module, selection, retrieve and the four write operations. Every conformance check passes on it.
 */
export function shopConnector(orders: DataRecord[] = makeShopOrders()) {
  const store = orders.map((o) => ({ ...o }));
  const customers: DataRecord[] = [{ id: "c-1", name: "Ada" }];
  return defineConnector({
    name: "ShopTest",
    owner: "connector-kit",
    version: "1.0.0",
    logoUrl: "https://example.com/logo.png",
    auth: { basic: true },
    settings: {
      region: setting.string({ label: "Region", required: true, options: ["eu", "us"] }),
      batchSize: setting.integer({ label: "Batch size", scope: "DESTINATION" }),
    },
    async validateCredentials(ctx) {
      if (ctx.credentials?.type !== "BasicAuth" || ctx.credentials.password !== "s3cret")
        throw new ConnectorError("InvalidCredentials", "wrong user name or password");
    },
    async listEntities(_ctx, { path }) {
      if (path === null) return [{ entityIdentifier: "shop", hasNestedEntities: true }];
      if (path === "shop")
        return [
          { entityIdentifier: "orders", hasNestedEntities: false },
          { entityIdentifier: "customers", hasNestedEntities: false },
        ];
      throw new ConnectorError("ResourceNotFoundError", `No entity ${path}`);
    },
    async describeEntity(_ctx, id) {
      if (id === "orders") return ORDERS;
      if (id === "customers") return CUSTOMERS;
      throw new ConnectorError("ResourceNotFoundError", `No entity ${id}`);
    },
    async query(_ctx, input, token) {
      const source = input.entityIdentifier === "customers" ? customers : store;
      const match = input.filterExpression
        ? compilePredicate(parseFilter(input.filterExpression), input.entity ?? undefined)
        : () => true;
      const start = token === null ? 0 : Number(token);
      const slice = source.filter(match).slice(start, start + input.pageSize);
      const end = start + slice.length;
      const fields = input.fields;
      return {
        records: fields
          ? slice.map((r) => Object.fromEntries(fields.filter((f) => f in r).map((f) => [f, r[f]])))
          : slice,
        nextToken: end < source.filter(match).length ? String(end) : null,
      };
    },
    async retrieve(_ctx, input) {
      const key = input.idFieldName ?? "id";
      const fields = input.fields;
      return store
        .filter((r) => input.ids.includes(String(r[key])))
        .map((r) => (fields ? Object.fromEntries(fields.map((f) => [f, r[f]])) : r));
    },
    async write(_ctx, input) {
      return input.records.map((record) => {
        const id = record["id"];
        if (typeof id !== "string") return { isSuccess: false, errorMessage: "id is required" };
        const at = store.findIndex((r) => r["id"] === id);
        if (input.operation === "INSERT" && at >= 0)
          return { isSuccess: false, errorMessage: "duplicate id" };
        if (input.operation === "UPDATE" && at < 0)
          return { isSuccess: false, errorMessage: "no such order" };
        if (input.operation === "DELETE") {
          if (at >= 0) store.splice(at, 1);
        } else if (at >= 0) store[at] = { ...store[at], ...record };
        else store.push(record);
        return { isSuccess: true, recordId: id };
      });
    },
  });
}

/** A TestConfig in the official format for `shopConnector`. */
export function shopTestConfig(): TestConfig {
  return {
    runtimeSettings: {
      connectorProfile: { region: "eu", apiVersion: "v1" },
      destination: { batchSize: "10" },
    },
    credentials: { secretArn: SHOP_SECRET_ARN, authenticationType: "BasicAuth" },
    testEntityIdentifier: "orders",
    retrieveRecordConfigurations: [
      {
        entityIdentifier: "orders",
        selectedFieldNames: ["id", "amount"],
        idFieldName: "id",
        ids: ["o-1", "o-3"],
      },
    ],
    writeRecordConfigurations: [
      {
        entityIdentifier: "orders",
        operation: "INSERT",
        idFieldNames: [],
        records: ['{"id":"o-100","qty":1,"note":"new order","day":"2024-04-01"}'],
      },
      {
        entityIdentifier: "orders",
        operation: "UPDATE",
        idFieldNames: ["id"],
        records: ['{"id":"o-100","qty":2,"note":"paid late"}'],
      },
      {
        entityIdentifier: "orders",
        operation: "UPSERT",
        idFieldNames: ["id"],
        records: ['{"id":"o-101","qty":3}'],
      },
      {
        entityIdentifier: "orders",
        operation: "DELETE",
        idFieldNames: ["id"],
        records: ['{"id":"o-100"}', '{"id":"o-101"}'],
        allOrNone: true,
      },
    ],
    queryRecordConfigurations: [
      {
        entityIdentifier: "orders",
        selectedFieldNames: ["id", "note"],
        filterExpression: 'note contains "blue"',
      },
    ],
  };
}
