/**
 * A real OCI registry for tests: Debian's `docker-registry` (the CNCF distribution registry) on a loopback port,
 * with token authentication answered by a small token service in this process (RS256 JWTs signed by a key and
 * self-signed certificate made with `openssl` for the run). Everything lives in a temporary directory that
 * `stop()` removes.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { createPrivateKey, randomUUID, sign, X509Certificate } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createServer as createNetServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The registry binary of Debian's package. */
export const REGISTRY_BINARY = "/usr/bin/docker-registry";
/** What to run to get it. */
export const REGISTRY_INSTALL_HINT = "apt-get update && apt-get install -y docker-registry";

/** Whether the registry binary and openssl are installed. */
export function registryAvailable(): boolean {
  if (!existsSync(REGISTRY_BINARY)) return false;
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** One request to the token service. */
export interface TokenRequest {
  user: string | null;
  scopes: string[];
  granted: boolean;
}

/** A running registry. */
export interface LocalRegistry {
  /** `127.0.0.1:<port>`: the registry part of image references. */
  host: string;
  tokenRequests: TokenRequest[];
  stop(): Promise<void>;
}

/** Options of {@link startLocalRegistry}. */
export interface LocalRegistryOptions {
  /** User name → password accepted by the token service (they get every action they ask for). */
  users: Record<string, string>;
  /** Repositories anyone may pull without credentials (like a public registry). Default: none. */
  publicRepositories?: string[];
  /**
   * Basic authentication from an htpasswd file instead of tokens, as ECR answers. Default: false. Needs a
   * bcrypt hasher ({@link bcryptAvailable}).
   */
  basic?: boolean;
}

/**
 * A bcrypt hash of `password` for an htpasswd file: Apache's `htpasswd`, else Python's `crypt`; null with neither.
 * Cost 4, the lowest: the registry checks the hash on every request.
 */
function bcrypt(password: string): string | null {
  try {
    return execFileSync("htpasswd", ["-nbB", "-C", "4", "u", password], { encoding: "utf8" }).trim().slice(2);
  } catch {
    try {
      const script =
        "import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16)))";
      const hash = execFileSync("python3", ["-W", "ignore", "-c", script, password], {
        encoding: "utf8",
      }).trim();
      return hash.startsWith("$2") ? hash : null;
    } catch {
      return null;
    }
  }
}

/** Whether an htpasswd registry can be made here (a bcrypt hasher is installed). */
export function bcryptAvailable(): boolean {
  return bcrypt("probe") !== null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

/** Starts the registry and its token service; `stop()` ends both and removes every file. */
export async function startLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  const dir = mkdtempSync(join(tmpdir(), "ck-registry-"));
  let child: ChildProcess | undefined;
  let tokenServer: Server | undefined;
  const stop = async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill("SIGKILL");
    }
    if (tokenServer) {
      tokenServer.closeAllConnections();
      await new Promise((r) => tokenServer!.close(r));
    }
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
  try {
    const keyPath = join(dir, "token.key");
    const certPath = join(dir, "token.crt");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        keyPath,
        "-out",
        certPath,
        "-days",
        "2",
        "-subj",
        "/CN=connector-kit-test-token",
      ],
      { stdio: "ignore" },
    );
    const key = createPrivateKey(readFileSync(keyPath));
    const certDer = new X509Certificate(readFileSync(certPath)).raw;
    const service = "connector-kit-test-registry";
    const issuer = "connector-kit-test-token";
    const tokenRequests: TokenRequest[] = [];

    tokenServer = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const scopes = url.searchParams.getAll("scope");
      const auth = req.headers.authorization;
      let user: string | null = null;
      if (auth?.startsWith("Basic ")) {
        const decoded = Buffer.from(auth.slice(6), "base64").toString("utf8");
        const colon = decoded.indexOf(":");
        const name = decoded.slice(0, colon);
        if (
          colon < 0 ||
          options.users[name] === undefined ||
          options.users[name] !== decoded.slice(colon + 1)
        ) {
          tokenRequests.push({ user: name, scopes, granted: false });
          res.writeHead(401, { "content-type": "application/json" });
          res.end(JSON.stringify({ details: "incorrect username or password" }));
          return;
        }
        user = name;
      }
      const access = scopes.flatMap((scope) => {
        const [type, name, actions] = scope.split(":");
        if (type !== "repository" || !name || !actions) return [];
        const allowed = user
          ? actions.split(",")
          : (options.publicRepositories ?? []).includes(name)
            ? actions.split(",").filter((a) => a === "pull")
            : [];
        return [{ type, name, actions: allowed }];
      });
      tokenRequests.push({ user, scopes, granted: true });
      const now = Math.floor(Date.now() / 1000);
      const header = b64url(JSON.stringify({ typ: "JWT", alg: "RS256", x5c: [certDer.toString("base64")] }));
      const claims = b64url(
        JSON.stringify({
          iss: issuer,
          sub: user ?? "",
          aud: service,
          exp: now + 300,
          nbf: now - 10,
          iat: now,
          jti: randomUUID(),
          access,
        }),
      );
      const signature = b64url(sign("sha256", Buffer.from(`${header}.${claims}`), key));
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ token: `${header}.${claims}.${signature}`, expires_in: 300 }));
    });
    await new Promise<void>((r) => tokenServer!.listen(0, "127.0.0.1", r));
    const tokenPort = (tokenServer.address() as AddressInfo).port;

    const port = await freePort();
    const config = [
      "version: 0.1",
      "log:",
      "  level: error",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      "  filesystem:",
      `    rootdirectory: ${join(dir, "data")}`,
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "  secret: connector-kit-test",
      "auth:",
      "  token:",
      `    realm: http://127.0.0.1:${tokenPort}/token`,
      `    service: ${service}`,
      `    issuer: ${issuer}`,
      `    rootcertbundle: ${certPath}`,
      "",
    ].join("\n");
    const basicConfig = [
      "auth:",
      "  htpasswd:",
      "    realm: connector-kit-test",
      `    path: ${join(dir, "htpasswd")}`,
      "",
    ].join("\n");
    if (options.basic) {
      const lines = Object.entries(options.users).map(([user, password]) => `${user}:${bcrypt(password)}`);
      writeFileSync(join(dir, "htpasswd"), `${lines.join("\n")}\n`);
    }
    writeFileSync(
      join(dir, "config.yml"),
      options.basic ? config.slice(0, config.indexOf("auth:")) + basicConfig : config,
    );
    let output = "";
    child = spawn(REGISTRY_BINARY, ["serve", join(dir, "config.yml")], { stdio: ["ignore", "pipe", "pipe"] });
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const deadline = Date.now() + 15_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`docker-registry exited (${child.exitCode}): ${output}`);
      const status = await fetch(`http://127.0.0.1:${port}/v2/`).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 401) break;
      if (Date.now() > deadline) throw new Error(`docker-registry did not answer on port ${port}: ${output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { host: `127.0.0.1:${port}`, tokenRequests, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
