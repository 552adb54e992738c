import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDuration } from "../core/duration.js";
import { FlowFileError } from "./flow-file-error.js";
import { parseFlowText, readFlowFile } from "./parse-flow.js";
import { tempDir } from "./test-support/fixtures.js";

const MINIMAL = `name: m
source: { connector: ./src.ts, entity: a }
destination: { connector: ./dst.ts, entity: b }
`;

function problemsOf(text: string, env: Record<string, string> = {}): string[] {
  try {
    parseFlowText(text, { file: "flow.yaml", env, baseDir: "/flows" });
  } catch (error) {
    expect(error).toBeInstanceOf(FlowFileError);
    return (error as FlowFileError).problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`);
  }
  return [];
}

describe("parseFlowText", () => {
  it("fills the defaults", () => {
    const flow = parseFlowText(MINIMAL, { baseDir: "/flows" });
    expect(flow).toMatchObject({
      name: "m",
      source: {
        connector: "./src.ts",
        entity: "a",
        fields: null,
        filter: null,
        pageSize: 1000,
        credentials: null,
      },
      destination: { operation: "INSERT", idFieldNames: [], allOrNone: false, batchSize: 500 },
      tasks: [],
      trigger: { type: "onDemand" },
      errors: { failOnError: false, file: null },
      baseDir: "/flows",
    });
  });

  it("reads JSON flow files too", async () => {
    const dir = tempDir();
    const file = join(dir, "flow.json");
    writeFileSync(
      file,
      JSON.stringify({
        name: "j",
        source: { connector: "./s.ts", entity: "a" },
        destination: { connector: "./d.ts", entity: "b", operation: "UPSERT", idFieldNames: ["id"] },
        trigger: { type: "incremental", field: "updated_at", firstRunWindow: "7d", every: "1h" },
      }),
    );
    const flow = await readFlowFile(file);
    expect(flow.trigger).toEqual({
      type: "incremental",
      field: "updated_at",
      firstRunWindowMs: 7 * 86_400_000,
      everyMs: 3_600_000,
    });
    expect(flow.baseDir).toBe(dir);
    expect(flow.file).toBe(file);
  });

  it("names the line, column and key of every problem", () => {
    expect(
      problemsOf(`name: demo
source:
  connector: ./x.ts
  entity: public.orders
  filtr: "a > 1"
destination:
  connector: ./y.ts
  entity: orders
  operation: UPSRET
  batchSize: 0
tasks:
  - type: Mask
    operator: MASK_FIRST_N
    field: email
  - type: Validat
trigger:
  type: incremental
`),
    ).toEqual([
      '5:3 source.filtr: unknown key (did you mean "filter"?); expected one of connector, settings, credentials, apiVersion, entity, fields, filter, pageSize',
      '9:3 destination.operation: expected one of INSERT, UPDATE, UPSERT, DELETE, got "UPSRET" (did you mean UPSERT?)',
      "10:3 destination.batchSize: expected an integer from 1 to 10000, got 0",
      "12:5 tasks[0].n: is required",
      '15:5 tasks[1].type: expected one of Map, Filter, Mask, Truncate, Validate, Arithmetic, Merge, Drop, got "Validat" (did you mean Validate?)',
      "16:1 trigger.field: is required",
    ]);
    const error = (() => {
      try {
        parseFlowText("name: x\nsource: 3\n", { file: "f.yaml" });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(
      /^Invalid flow file \(2 problems\):\n {2}f\.yaml:1:1: destination: is required\n {2}f\.yaml:2:1: source: expected a mapping/,
    );
  });

  it("reports YAML syntax errors and bad filters with their position", () => {
    expect(problemsOf("name: [unclosed\n")[0]).toMatch(/^\d+:\d+ : /);
    expect(problemsOf(`${MINIMAL}tasks:\n  - { type: Filter, expression: "a >" }\n`)).toEqual([
      expect.stringMatching(/^5:21 tasks\[0\]\.expression: Invalid filter expression at line 1, column 4/),
    ]);
  });

  it("keeps secrets out of flow files: credentials are references", () => {
    const withSecret = MINIMAL.replace(
      "entity: a }",
      "entity: a, credentials: { secret: hunter2, authenticationType: BasicAuth } }",
    );
    expect(problemsOf(withSecret)).toEqual([
      "2:58 source.credentials.secret: must be a reference (env:NAME, file:path or a Secrets Manager ARN), never the secret itself",
    ]);
    const ok = parseFlowText(
      MINIMAL.replace("entity: a }", "entity: a, credentials: { secret: 'env:PG' } }"),
    );
    expect(ok.source.credentials).toEqual({ secret: "env:PG", authenticationType: null });
  });

  it("fills $VAR references (with defaults) and FLOW_DIR in settings", () => {
    const text = MINIMAL.replace(
      "entity: a }",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: flow files write ${VAR} literally
      'entity: a, settings: { dir: "${FLOW_DIR}/x", db: "${DB:-${FLOW_DIR}/db}", n: 5, on: true, who: "${WHO}" } }',
    );
    expect(parseFlowText(text, { baseDir: "/f", env: { WHO: "me" } }).source.settings).toEqual({
      dir: "/f/x",
      db: "/f/db",
      n: "5",
      on: "true",
      who: "me",
    });
    expect(problemsOf(text)).toEqual([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: flow files write ${VAR} literally
      "2:122 source.settings.who: refers to ${WHO}, but the environment variable WHO is not set",
    ]);
  });

  it("parses durations", () => {
    expect(parseDuration("30d")).toBe(30 * 86_400_000);
    expect(parseDuration("1h30m")).toBe(5_400_000);
    expect(parseDuration(90)).toBe(90_000);
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("soon")).toBeNull();
    expect(parseDuration("5 x")).toBeNull();
  });
});
