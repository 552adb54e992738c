import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonlConnector } from "../connectors/jsonl/connector.js";
import type { SecretResolver } from "../core/secrets/secret-resolver.js";
import { defineConnector } from "../define/define-connector.js";
import { parseFlowText } from "./parse-flow.js";
import { runFlow } from "./run-flow.js";
import { readJsonlEntity, tempDir } from "./test-support/fixtures.js";

const PAGES = 6;
const PER_PAGE = 50;

/** A source behind basic auth: every page checks the credentials it was given. */
const source = defineConnector({
  name: "Paged",
  owner: "tests",
  version: "1.0.0",
  auth: { basic: true },
  async listEntities() {
    return [{ entityIdentifier: "items", hasNestedEntities: false }];
  },
  async describeEntity() {
    return {
      entity: { entityIdentifier: "items", hasNestedEntities: false },
      fields: [
        { fieldName: "id", dataType: "Integer", isPrimaryKey: true },
        { fieldName: "user", dataType: "String" },
      ],
    };
  },
  async query(ctx, _input, token) {
    const credentials = ctx.credentials;
    if (credentials?.type !== "BasicAuth" || credentials.password !== "s3cret")
      throw new Error("unauthorised");
    const page = token === null ? 0 : Number(token);
    const records = Array.from({ length: PER_PAGE }, (_, i) => ({
      id: page * PER_PAGE + i,
      user: credentials.username,
    }));
    return { records, nextToken: page + 1 < PAGES ? String(page + 1) : null };
  },
});

describe("runFlow: credentials", () => {
  it("resolves each credential reference once per run, however many pages and batches it calls", async () => {
    const dir = tempDir();
    const resolved: string[] = [];
    const secrets: SecretResolver = {
      async resolve(ref) {
        resolved.push(ref);
        return { username: "reader", password: "s3cret" };
      },
    };
    const flow = parseFlowText(
      `
name: paged
source:
  connector: paged
  entity: items
  credentials: { secret: "env:PAGED_SECRET", authenticationType: BasicAuth }
  pageSize: ${PER_PAGE}
destination:
  connector: jsonl
  settings: { directory: "\${FLOW_DIR}/out" }
  entity: items
  batchSize: 40
trigger: { type: onDemand }
`,
      { baseDir: dir },
    );
    flow.source.connector = source;
    flow.destination.connector = jsonlConnector;
    const summary = await runFlow(flow, { secrets });
    expect(summary).toMatchObject({ status: "succeeded", recordsRead: PAGES * PER_PAGE });
    expect(summary.pages).toBeGreaterThanOrEqual(PAGES);
    expect(resolved).toEqual(["env:PAGED_SECRET"]);
    const out = await readJsonlEntity(join(dir, "out"), "items");
    expect(out).toHaveLength(PAGES * PER_PAGE);
    expect(out.every((r) => r["user"] === "reader")).toBe(true);
  });
});
