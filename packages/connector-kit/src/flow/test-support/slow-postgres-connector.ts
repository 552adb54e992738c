/**
 * Test fixture: a connector (the module named by `FLOW_TEST_BASE_CONNECTOR`, e.g. the PostgreSQL example) with
 * every QueryData call slowed down by `FLOW_TEST_PAGE_DELAY_MS` milliseconds (read at each call), so a test can
 * kill a runner mid-run. The base is imported at run time so the SDK build does not reach outside `src`.
 */
import { sleep } from "../../core/sleep.js";
import { type Connector, defineConnector } from "../../define/define-connector.js";

const basePath = process.env["FLOW_TEST_BASE_CONNECTOR"];
if (!basePath) throw new Error("Set FLOW_TEST_BASE_CONNECTOR to the module of the connector to slow down");
const module = (await import(basePath)) as Record<string, unknown>;
const base = Object.values(module).find(
  (v): v is Connector => typeof v === "object" && v !== null && "definition" in v && "handlers" in v,
)!.definition;

export const connector = defineConnector({
  ...base,
  name: `Slow${base.name}`,
  async *query(ctx, input, token) {
    const delay = Number(process.env["FLOW_TEST_PAGE_DELAY_MS"] ?? 0);
    if (delay > 0) await sleep(delay);
    yield* base.query!(ctx, input, token) as AsyncIterable<never>;
  },
});
