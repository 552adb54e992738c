import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const main = join(repo, "packages/connector-kit/src/cli/main.ts");
const HELLO = join(repo, "examples/hello/src/connector.ts");

describe("connector console", () => {
  const children: ChildProcess[] = [];
  afterEach(async () => {
    await Promise.all(
      children.splice(0).map((child) => {
        if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
        const exited = new Promise((done) => child.once("exit", done));
        child.kill("SIGTERM");
        return exited;
      }),
    );
  });

  /** Runs the command in a fresh project directory; resolves with its first stdout line, or its exit. */
  const run = (args: string[]) => {
    const cwd = makeTempDir("ck-console-cli-");
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "console", ...args],
      {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, TMPDIR: cwd, CONNECTOR_CWD: cwd },
      },
    );
    children.push(child);
    return new Promise<{ line: string | null; code: number | null; stderr: string }>((done) => {
      let out = "";
      let err = "";
      child.stderr!.on("data", (chunk: Buffer) => (err += chunk.toString()));
      child.stdout!.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes("\n")) done({ line: out.split("\n")[0]!, code: null, stderr: err });
      });
      child.once("exit", (code) => done({ line: null, code, stderr: err }));
    });
  };

  it("serves the hello example on 127.0.0.1 and prints the URL that opens it", async () => {
    const { line } = await run([HELLO, "--port", "0", "--json"]);
    const { url, openUrl } = JSON.parse(line!) as { url: string; openUrl: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const opened = await fetch(openUrl, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const cookie = opened.headers.get("set-cookie")!.split(";")[0]!;
    const session = await (await fetch(`${url}/api/session`, { headers: { cookie } })).json();
    // No Lumos section: the hello example has no identity capabilities.
    expect(session).toMatchObject({ lumos: false, flows: false, connections: [] });
    const configuration = await fetch(`${url}/host/appflow/DescribeConnectorConfiguration`, {
      method: "POST",
      headers: { cookie, "content-type": "application/json" },
      body: "{}",
    });
    expect(await configuration.json()).toMatchObject({ isSuccess: true, connectorName: "Planets" });
  });

  it("refuses a bad port and a missing flows directory with usage errors", async () => {
    const badPort = await run([HELLO, "--port", "70000"]);
    expect(badPort.code).not.toBe(0);
    expect(badPort.stderr).toContain('--port must be 0 to 65535, got "70000"');
    const noFlows = await run([HELLO, "--flows", "/nonexistent/flows"]);
    expect(noFlows.code).not.toBe(0);
    expect(noFlows.stderr).toContain("--flows: no directory /nonexistent/flows");
  });
});

describe("connector console with a project config", () => {
  it("takes the config's connector and lists its connections by name, secrets as references only", async () => {
    const project = makeTempDir("ck-console-config-");
    writeFileSync(
      join(project, "connector.config.json"),
      JSON.stringify({
        connector: HELLO,
        connections: {
          staging: { settings: { unit: "metric" }, secret: "env:HELLO_STAGING", authType: "ApiKey" },
          prod: { settings: { unit: "imperial" } },
        },
      }),
    );
    const child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "console", "--port", "0", "--json"],
      {
        cwd: repo,
        stdio: ["ignore", "pipe", "pipe"],
        env: {
          ...process.env,
          TMPDIR: project,
          CONNECTOR_CWD: project,
          HELLO_STAGING: '{"apiKey":"pk_s3cret"}',
        },
      },
    );
    try {
      const line = await new Promise<string>((done, fail) => {
        let out = "";
        child.stdout!.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) done(out.split("\n")[0]!);
        });
        child.once("exit", (code) => fail(new Error(`console exited with ${code}`)));
      });
      const { url, openUrl } = JSON.parse(line) as { url: string; openUrl: string };
      const cookie = (await fetch(openUrl, { redirect: "manual" })).headers.get("set-cookie")!.split(";")[0]!;
      const text = await (await fetch(`${url}/api/session`, { headers: { cookie } })).text();
      expect(text).not.toContain("pk_s3cret");
      const session = JSON.parse(text) as {
        connections: { name: string; settings: object; secretRef: string | null }[];
      };
      expect(session.connections.map((c) => c.name).sort()).toEqual(["prod", "staging"]);
      expect(session.connections.find((c) => c.name === "staging")).toMatchObject({
        settings: { unit: "metric" },
        secretRef: "env:HELLO_STAGING",
      });
    } finally {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
    }
  });
});
