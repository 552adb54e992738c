import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { makeTempDir } from "../../test-support/temp-dir.js";

const repo = resolve(import.meta.dirname, "../../../../..");
const main = join(repo, "packages/connector-kit/src/cli/main.ts");
const SDK = join(repo, "packages/connector-kit/src/index.ts");

/**
 * A connector listing one entity named `entity`, whose query returns `records` records; its dispose writes
 * `disposed` into the project.
 */
function connectorSource(entity: string, records = 1): string {
  return `import { writeFileSync } from "node:fs";
import { defineConnector } from ${JSON.stringify(SDK)};

const entity = { entityIdentifier: ${JSON.stringify(entity)}, hasNestedEntities: false, isWritable: false };
export const connector = defineConnector({
  name: "DevLoop",
  owner: "connector-kit",
  version: "1.0.0",
  settings: {},
  clientSideFilter: true,
  async listEntities() {
    return [entity];
  },
  async describeEntity() {
    return { entity, fields: [{ fieldName: "id", dataType: "String" }] };
  },
  async query() {
    return { records: Array.from({ length: ${records} }, (_, i) => ({ id: String(i + 1) })) };
  },
});

export async function dispose() {
  writeFileSync(new URL("../disposed", import.meta.url), ${JSON.stringify(entity)});
}
`;
}

type Event = Record<string, unknown> & { event: string };

/** `connector dev` as a user starts it, in its own process, reading its JSON lines as they come. */
class DevProcess {
  readonly child: ChildProcess;
  readonly events: Event[] = [];
  stderr = "";
  #waiters: Array<() => void> = [];

  constructor(cwd: string, args: string[], env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ["--conditions=source", "--import", "tsx", main, "dev", ...args, "--json"],
      {
        cwd: repo,
        env: { ...process.env, ...env, CONNECTOR_CWD: cwd },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let pending = "";
    this.child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.startsWith("{")) this.events.push(JSON.parse(line) as Event);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
      this.stderr += chunk;
    });
  }

  /** The first event from `from` on that `match` accepts; fails after `timeoutMs`. */
  async next(match: (e: Event) => boolean, from: number, timeoutMs = 30_000): Promise<Event> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find(match);
      if (found) return found;
      if (Date.now() > deadline || this.child.exitCode !== null)
        throw new Error(`no such event; events: ${JSON.stringify(this.events)}; stderr: ${this.stderr}`);
      await new Promise<void>((wake) => {
        this.#waiters.push(wake);
        setTimeout(wake, 200);
      });
    }
  }
}

const checked = (e: Event) => e.event === "checked";

describe("connector dev", () => {
  const running: ChildProcess[] = [];
  afterEach(async () => {
    // A failed test must not leave the loop running.
    for (const child of running.splice(0)) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGKILL");
      await exited;
    }
  });

  function project(): string {
    const dir = makeTempDir("ck-dev-");
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: "dev-project", private: true, type: "module" }),
    );
    mkdirSync(join(dir, "src"));
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("first"));
    return dir;
  }

  it("checks the connector, reloads it fresh on each save (disposing it after each check), reports a broken save, and exits promptly on SIGINT", async () => {
    const dir = project();
    // The children's temporary files (tsx's cache) stay in the project, removed with it.
    const dev = new DevProcess(dir, ["src/connector.ts", "--debounce", "50"], { TMPDIR: dir });
    running.push(dev.child);
    const first = await dev.next(checked, 0);
    expect(first).toMatchObject({ ok: true, summary: "DevLoop 1.0.0: 1 entity (first)", changed: [] });

    let seen = dev.events.length;
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("second"));
    const second = await dev.next(checked, seen);
    expect(second).toMatchObject({
      ok: true,
      summary: "DevLoop 1.0.0: 1 entity (second)",
      changed: ["src/connector.ts"],
    });
    // Without --serve each worker disposes its connector after its check, and exits.
    await expect.poll(() => readFileSync(join(dir, "disposed"), "utf8")).toBe("second");

    seen = dev.events.length;
    writeFileSync(
      join(dir, "src/connector.ts"),
      `${connectorSource("third")}\nthrow new Error("half-saved");\n`,
    );
    const broken = await dev.next(checked, seen);
    expect(broken).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/importing .*connector\.ts failed: Error: half-saved/),
    });
    expect(broken["details"]).toEqual(
      expect.arrayContaining([expect.stringMatching(/connector\.ts:\d+:\d+/)]),
    );

    seen = dev.events.length;
    mkdirSync(join(dir, "src/node_modules"));
    writeFileSync(join(dir, "src/node_modules/ignored.ts"), "export {};\n");
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("fourth"));
    const fixed = await dev.next(checked, seen);
    expect(fixed).toMatchObject({
      ok: true,
      summary: "DevLoop 1.0.0: 1 entity (fourth)",
      changed: ["src/connector.ts"],
    });

    const stoppedAt = Date.now();
    const exited = new Promise<number | null>((done) => dev.child.once("exit", (code) => done(code)));
    dev.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
  });

  it("serves the reloaded connector on one port and token across reloads; SIGINT stops the server and disposes the connector", async () => {
    const dir = project();
    const dev = new DevProcess(
      dir,
      ["src/connector.ts", "--serve", "--port", "0", "--debounce", "50", "--log-level", "silent"],
      {
        TMPDIR: dir,
      },
    );
    running.push(dev.child);
    const serving = await dev.next((e) => e.event === "serving", 0);
    const { url, token } = serving as unknown as { url: string; token: string };
    const entities = async () => {
      const r = await fetch(`${url}/appflow/ListEntities`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
        body: JSON.stringify({
          connectorContext: { connectorRuntimeSettings: {}, credentials: null, apiVersion: "v1" },
        }),
      });
      return ((await r.json()) as { entities: Array<{ entityIdentifier: string }> }).entities.map(
        (e) => e.entityIdentifier,
      );
    };
    expect(await entities()).toEqual(["first"]);
    const seen = dev.events.length;
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("second"));
    await dev.next(checked, seen);
    // The check comes before the server is up again: wait for the new worker to answer.
    await expect.poll(entities, { timeout: 10_000, interval: 100 }).toEqual(["second"]);
    // The serving worker is still up: SIGINT stops it, and it disposes its connector on the way out.
    expect(existsSync(join(dir, "disposed")) ? readFileSync(join(dir, "disposed"), "utf8") : "").toBe(
      "first",
    );
    const stoppedAt = Date.now();
    const exited = new Promise<number | null>((done) => dev.child.once("exit", (code) => done(code)));
    dev.child.kill("SIGINT");
    expect(await exited).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5000);
    expect(readFileSync(join(dir, "disposed"), "utf8")).toBe("second");
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });

  it("runs the conformance suite after each reload with --check conformance", async () => {
    const dir = project();
    const dev = new DevProcess(dir, ["src/connector.ts", "--check", "conformance"], { TMPDIR: dir });
    running.push(dev.child);
    const first = await dev.next(checked, 0);
    expect(first).toMatchObject({
      ok: true,
      summary: expect.stringMatching(/^DevLoop: \d+ passed, 0 failed/),
    });
    const seen = dev.events.length;
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("first", 0));
    const empty = await dev.next(checked, seen);
    expect(empty).toMatchObject({
      ok: false,
      summary: expect.stringMatching(/^DevLoop: \d+ passed, 1 failed/),
    });
    expect(empty["details"]).toEqual([
      expect.stringMatching(/^✗ query: first: .*no record returned.*\[query\.first\.has-records\]$/),
    ]);
    const exited = new Promise<number | null>((done) => dev.child.once("exit", (code) => done(code)));
    dev.child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("--console serves the console on the reloaded connector: one port and token (the page's cookie keeps working), and a new instance the page reloads on", async () => {
    const dir = project();
    const dev = new DevProcess(dir, ["src/connector.ts", "--debounce", "50", "--console", "--port", "0"], {
      TMPDIR: dir,
    });
    running.push(dev.child);
    const opened = await dev.next((e) => e.event === "console", 0);
    const { url, openUrl } = opened as unknown as { url: string; openUrl: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const cookie = (await fetch(openUrl, { redirect: "manual" })).headers.get("set-cookie")!.split(";")[0]!;
    const session = async () =>
      (await (await fetch(`${url}/api/session`, { headers: { cookie } })).json()) as { instance: string };
    const entities = async () =>
      (await (
        await fetch(`${url}/host/appflow/ListEntities`, {
          method: "POST",
          headers: { cookie, "content-type": "application/json" },
          body: JSON.stringify({ connectorContext: { apiVersion: "v1", connectorRuntimeSettings: {} } }),
        })
      ).json()) as { entities: { entityIdentifier: string }[] | null; errorDetails: unknown };
    const before = await session();
    expect(before.instance).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await entities();
    expect(
      listed.entities?.map((e) => e.entityIdentifier),
      JSON.stringify(listed.errorDetails),
    ).toEqual(["first"]);

    const seen = dev.events.length;
    writeFileSync(join(dir, "src/connector.ts"), connectorSource("second"));
    await dev.next(checked, seen);
    // The restarted console answers on the same URL, to the same cookie, with a new instance and the new code.
    await expect
      .poll(async () => (await session().catch(() => before)).instance, { timeout: 15_000 })
      .not.toBe(before.instance);
    expect((await entities()).entities?.map((e) => e.entityIdentifier)).toEqual(["second"]);
    const exited = new Promise<number | null>((done) => dev.child.once("exit", (code) => done(code)));
    dev.child.kill("SIGINT");
    expect(await exited).toBe(0);
  });

  it("refuses a bad --check with a usage error, before loading anything", async () => {
    const dir = project();
    const bad = new DevProcess(dir, ["src/connector.ts", "--check", "everything"], { TMPDIR: dir });
    running.push(bad.child);
    const code = await new Promise<number | null>((done) => bad.child.once("exit", (c) => done(c)));
    expect(code).toBe(2);
    expect(bad.events[0]?.["error"]).toMatchObject({
      message: "--check must be one of quick, conformance, none",
    });
    expect(existsSync(join(dir, "disposed"))).toBe(false);
  });
});
