import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { STANDARD_CAPABILITY_NAMES } from "../../identity/capability-names.js";
import { runCli } from "../run-cli.js";

const FIXTURE = join(import.meta.dirname, "../../hosts/lumos/test-support/test-directory-connector.ts");

async function cli(args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await runCli(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    stdin: async () => null,
    cwd: tmpdir(),
    env: {},
  });
  return { status, stdout, stderr };
}

async function expectValid(document: Record<string, unknown>) {
  const result = await new Validator().validate(document);
  expect(result.errors ?? [], JSON.stringify(result.errors, null, 2)).toEqual([]);
  expect(result.valid).toBe(true);
}

describe("connector spec --lumos", () => {
  it("prints a valid OpenAPI document of every standard capability without a connector", async () => {
    const r = await cli(["spec", "--lumos", "--compact"]);
    expect(r.status).toBe(0);
    const document = JSON.parse(r.stdout);
    await expectValid(document);
    expect(Object.keys(document.paths).sort()).toEqual(STANDARD_CAPABILITY_NAMES.map((c) => `/${c}`).sort());
    expect(document.paths["/get_authorization_url"].post.tags).toEqual(["Authorization"]);
  });

  it("prints a connector's OpenAPI document, the same as its app_info", async () => {
    const r = await cli(["spec", "--lumos", FIXTURE]);
    expect(r.status).toBe(0);
    const document = JSON.parse(r.stdout);
    await expectValid(document);
    expect(document.info["x-app-id"]).toBe("test-directory");
    expect(Object.keys(document.paths)).toContain("/list_group_owners");
    expect(document.components.schemas.Settings.required).toEqual(["baseDn"]);
  });

  it("keeps the AppFlow JSON Schema as the default, and reads a connector only with --lumos", async () => {
    const r = await cli(["spec", "--compact"]);
    expect(JSON.parse(r.stdout).$defs.QueryDataRequest).toBeDefined();
    expect((await cli(["spec", FIXTURE])).status).toBe(2);
  });
});
