import type { Queryable } from "./database.js";
import { quoteIdent } from "./sql-identifiers.js";

/** The columns of `orders` the PostgreSQL → PostgreSQL demo copies, in order. */
export const ORDER_COLUMNS = ["id", "customer_id", "status", "amount", "ordered_at", "updated_at"] as const;

/**
 * Creates `<schema>.orders` (default schema: `warehouse`), the destination of the PostgreSQL → PostgreSQL demo
 * flow (`flows/orders-to-postgres.yaml`): the columns of the demo's `orders`, keyed by `id`, without the
 * foreign key (the customers stay in the source). The connector writes into existing tables only.
 */
export async function createWarehouseOrders(db: Queryable, schema = "warehouse"): Promise<void> {
  const s = quoteIdent(schema);
  await db.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
  await db.query(`CREATE TABLE ${s}.orders (
    id bigint PRIMARY KEY,
    customer_id integer NOT NULL,
    status text NOT NULL,
    amount numeric(10,2) NOT NULL,
    ordered_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
  )`);
}

/** A table's row count and a checksum of its orders' content, to compare a source with its copy. */
export interface OrdersChecksum {
  count: number;
  /** md5 of every row's text (the columns of {@link ORDER_COLUMNS}) in `id` order; sessions are in UTC. */
  md5: string;
}

/** The count and checksum of `<schema>.orders`. */
export async function ordersChecksum(db: Queryable, schema: string): Promise<OrdersChecksum> {
  const columns = ORDER_COLUMNS.map((c) => `o.${quoteIdent(c)}`).join(", ");
  const { rows } = await db.query<{ n: string; h: string | null }>(
    `SELECT count(*)::text AS n, md5(coalesce(string_agg(row(${columns})::text, '|' ORDER BY o.id), '')) AS h
     FROM ${quoteIdent(schema)}.orders AS o`,
  );
  return { count: Number(rows[0]!.n), md5: rows[0]!.h ?? "" };
}
