import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type Recorder, rawRequest, startRecorder } from "../../hosts/http/test-support/recorder.js";
import { TEST_PASSWORD, TEST_USERNAME } from "../../hosts/lumos/test-support/test-directory-connector.js";
import { makeTempDir } from "../../test-support/temp-dir.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const main = join(repo, "packages/connector-kit/src/cli/main.ts");
const FIXTURE = join(repo, "packages/connector-kit/src/hosts/lumos/test-support/test-directory-connector.ts");
const API_KEY_FIXTURE = join(repo, "packages/connector-kit/src/hosts/http/test-support/api-key-connector.ts");

interface Started {
  child: ChildProcess;
  url: string;
  token: string;
}

describe("connector serve", () => {
  // The children's temporary files (tsx's cache) go into a directory removed after these tests.
  const childEnv = { ...process.env, TMPDIR: makeTempDir("ck-serve-") };
  const children: ChildProcess[] = [];
  let attacker: Recorder | undefined;
  afterEach(async () => {
    await Promise.all(
      children.splice(0).map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        return exited;
      }),
    );
    await attacker?.close();
    attacker = undefined;
  });

  const start = (args: string[], env: Record<string, string> = {}): Promise<Started> => {
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "serve", ...args, "--port", "0", "--json"],
      { cwd: repo, stdio: ["ignore", "pipe", "pipe"], env: { ...childEnv, ...env } },
    );
    children.push(child);
    return new Promise<Started>((done, fail) => {
      let out = "";
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split("\n").find((l) => l.startsWith("{"));
        if (line) {
          const started = JSON.parse(line) as { url: string; token: string };
          done({ child, ...started });
        }
      });
      child.once("exit", (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
    });
  };

  it("serves a connector over HTTP with the token it prints, until stopped", async () => {
    const { child, url, token } = await start([FIXTURE, "--log-level", "silent"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(token).toMatch(/^[\w-]{43}$/);
    const body = JSON.stringify({
      auth: { basic: { username: TEST_USERNAME, password: TEST_PASSWORD } },
      settings: { baseDn: "o=test" },
      request: {},
    });
    const r = await fetch(`${url}/validate_credentials`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body,
    });
    expect(await r.json()).toMatchObject({
      response: { valid: true, unique_tenant_id: "test-directory:o=test" },
    });
    const anonymous = await fetch(`${url}/validate_credentials`, { method: "POST", body });
    expect(anonymous.status).toBe(401);
    const exited = new Promise<number | null>((done) => child.once("exit", done));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 30_000);

  it("closes what the connector keeps open (its module's dispose) when stopped", async () => {
    const dir = makeTempDir("ck-serve-dispose-");
    const module = join(dir, "disposing.ts");
    const marker = join(dir, "disposed");
    writeFileSync(
      module,
      `import { readFileSync, writeFileSync } from "node:fs";
export { connector } from ${JSON.stringify(FIXTURE)};
export async function dispose() {
  writeFileSync(${JSON.stringify(marker)}, "disposed");
}
`,
    );
    const { child } = await start([module, "--log-level", "silent"]);
    const exited = new Promise<number | null>((done) => child.once("exit", done));
    child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(readFileSync(marker, "utf8")).toBe("disposed");
  }, 30_000);

  it("resolves only its --secret references: hostile requests send no secret", async () => {
    attacker = await startRecorder();
    const { url, token } = await start(
      [API_KEY_FIXTURE, "--secret", "env:CK_SERVE_SHOP_KEY", "--log-level", "silent"],
      {
        CK_SERVE_SHOP_KEY: JSON.stringify({ apiKey: "sk_shop" }),
        CK_SERVE_OTHER_KEY: JSON.stringify({ apiKey: "sk_other" }),
      },
    );
    const body = (secretArn: string) =>
      JSON.stringify({
        connectorContext: {
          apiVersion: "v1",
          connectorRuntimeSettings: { baseUrl: attacker!.url },
          credentials: { secretArn, authenticationType: "ApiKey" },
        },
      });
    const json = { "content-type": "application/json", authorization: `Bearer ${token}` };
    const attempts = [
      { headers: { "content-type": "text/plain" }, secret: "env:CK_SERVE_SHOP_KEY", status: 401 },
      { headers: json, secret: "env:CK_SERVE_OTHER_KEY", status: 200 },
      { headers: json, secret: `file:${join(repo, "package.json")}`, status: 200 },
    ];
    for (const attempt of attempts) {
      const answer = await rawRequest(url, "/appflow/ListEntities", {
        headers: attempt.headers,
        body: body(attempt.secret),
      });
      expect(answer.status, attempt.secret).toBe(attempt.status);
      if (answer.status === 200) expect(JSON.parse(answer.body).errorDetails.errorCode).toBe("AccessDenied");
    }
    expect(attacker.received).toEqual([]);
    // The reference it was started with works, so the zero above is not a broken fixture.
    const allowed = await rawRequest(url, "/appflow/ListEntities", {
      headers: json,
      body: body("env:CK_SERVE_SHOP_KEY"),
    });
    expect(JSON.parse(allowed.body)).toMatchObject({ isSuccess: true });
    expect(attacker.received.map((h) => h["x-api-key"])).toEqual(["sk_shop"]);
  }, 30_000);

  it("serves the project config's connector, letting requests name its connection's secret", async () => {
    const project = makeTempDir("ck-serve-project-");
    writeFileSync(join(project, "package.json"), "{}");
    writeFileSync(
      join(project, "connector.config.json"),
      JSON.stringify({
        connector: API_KEY_FIXTURE,
        connections: { shop: { secret: "env:CK_SERVE_SHOP_KEY" }, other: {} },
      }),
    );
    const { secrets } = (await start(["--connection", "shop", "--log-level", "silent"], {
      CONNECTOR_CWD: project,
    })) as Started & { secrets: string[] };
    expect(secrets).toEqual(["env:CK_SERVE_SHOP_KEY"]);
  }, 30_000);

  it("takes a fixed token from CONNECTOR_SERVE_TOKEN and refuses a short one", async () => {
    const fixed = "a-fixed-token-for-scripts-0123456789";
    const { token } = await start([FIXTURE, "--log-level", "silent"], { CONNECTOR_SERVE_TOKEN: fixed });
    expect(token).toBe(fixed);
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "serve", FIXTURE, "--port", "0"],
      {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...childEnv, CONNECTOR_SERVE_TOKEN: "short" },
      },
    );
    children.push(child);
    let err = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((done) => child.once("exit", done));
    expect(code).toBe(2);
    expect(err).toMatch(/CONNECTOR_SERVE_TOKEN must have at least 16 characters/);
  }, 30_000);
});
