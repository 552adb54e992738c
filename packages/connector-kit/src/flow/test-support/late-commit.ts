/**
 * One delayed-commit trial on a real PostgreSQL server (shared by the test and the reliability benchmark):
 * a transaction sets `updated_at = now()` on a row, an incremental run starts while it is still open, the
 * transaction commits after that run, and a third run must still read the row.
 */
import { join } from "node:path";
import {
  closeAllDatabases,
  type Database,
  openDatabase,
  postgresConnector,
} from "../../../../../examples/postgres/src/index.js";
import { jsonlConnector } from "../../connectors/jsonl/connector.js";
import { sleep } from "../../core/sleep.js";
import type { FlowDefinition } from "../flow-definition.js";
import { parseFlowText } from "../parse-flow.js";
import { runFlow } from "../run-flow.js";
import { readJsonlEntity } from "./read-jsonl.js";

/** Where the server is and who to log in as. */
export interface ServerLogin {
  host: string;
  port: number;
  user: string;
  password: string;
}

/** What a trial saw. */
export interface LateCommitOutcome {
  /** The late row's value in the destination after the run following the commit: `late` unless lost. */
  value: unknown;
  lost: boolean;
  /** Time from the transaction's `now()` to its commit, ms. */
  commitDelayMs: number;
}

const serverConfig = (s: ServerLogin) =>
  ({
    kind: "server",
    host: s.host,
    port: s.port,
    database: "postgres",
    user: s.user,
    password: s.password,
    sslMode: "disable",
    connectTimeoutMs: 5000,
  }) as const;

/**
 * Runs one trial in table `public.<table>` (created afresh) with the flow's `lookBack` (a duration text,
 * `0` for none), writing into `<dir>/out`. The transaction stays open `delayMs` before the second run starts.
 */
export async function lateCommitTrial(
  server: ServerLogin,
  dir: string,
  table: string,
  lookBack: string,
  delayMs: number,
): Promise<LateCommitOutcome> {
  const db: Database = await openDatabase(serverConfig(server));
  await db.query(`DROP TABLE IF EXISTS public.${table}`);
  await db.query(
    `CREATE TABLE public.${table} (id integer PRIMARY KEY, v text NOT NULL, updated_at timestamptz NOT NULL)`,
  );
  await db.query(
    `INSERT INTO public.${table} SELECT i, 'old', now() - interval '1 hour' FROM generate_series(1, 5) AS i`,
  );
  const flow: FlowDefinition = parseFlowText(
    `name: late-${table}
source:
  connector: postgres
  settings: { mode: server, host: ${server.host}, port: "${server.port}", database: postgres, sslMode: disable }
  credentials: { secret: "env:LATE_PG", authenticationType: BasicAuth }
  entity: public.${table}
destination:
  connector: jsonl
  settings: { directory: ${JSON.stringify(join(dir, "out"))} }
  entity: ${table}
  operation: UPSERT
  idFieldNames: [id]
trigger: { type: incremental, field: updated_at, lookBack: "${lookBack}" }
`,
    { baseDir: dir },
  );
  flow.source.connector = postgresConnector;
  flow.destination.connector = jsonlConnector;
  const options = {
    stateDir: join(dir, `state-${table}`),
    env: { LATE_PG: JSON.stringify({ username: server.user, password: server.password }) },
  };
  const first = await runFlow(flow, options);
  if (first.status !== "succeeded" || first.recordsWritten !== 5) throw new Error(JSON.stringify(first));

  // The late transaction: its now() is taken here, it commits only after the next run has read.
  let commit!: () => void;
  const gate = new Promise<void>((resolve) => {
    commit = resolve;
  });
  let began = 0;
  const transaction = db.transaction(async (tx) => {
    const { rows } = await tx.query<{ t: Date }>(
      `UPDATE public.${table} SET v = 'late', updated_at = now() WHERE id = 1 RETURNING updated_at AS t`,
    );
    began = rows[0]!.t.getTime();
    await gate;
  });
  await sleep(delayMs);
  const second = await runFlow(flow, options);
  if (second.status !== "succeeded") throw new Error(JSON.stringify(second));
  commit();
  await transaction;
  const commitDelayMs = Date.now() - began;

  const third = await runFlow(flow, options);
  if (third.status !== "succeeded") throw new Error(JSON.stringify(third));
  const out = await readJsonlEntity(join(dir, "out"), table);
  const value = out.find((r) => r["id"] === 1)?.["v"];
  return { value, lost: value !== "late", commitDelayMs };
}

/** Closes the pools the trials opened. */
export const closeTrialDatabases = closeAllDatabases;
