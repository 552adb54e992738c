import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** A named connection as the console keeps it: everything but the secret's values. */
export interface ConsoleConnection {
  name: string;
  /** `BasicAuth`, `ApiKey`, `OAuth2`, `CustomAuth`, or null when the connector declares no authentication. */
  authenticationType: string | null;
  apiVersion: string | null;
  /** Runtime settings by key, as AppFlow sends them (all strings). */
  settings: Record<string, string>;
  /** The secret reference AppFlow requests name (`file:.connector/console/secrets/<name>.json`); null without one. */
  secretRef: string | null;
  /** The keys the secret holds (never the values), so the page can say which are set. */
  secretKeys: string[];
}

/** What the page sends to save a connection; `secret` values are written to the secret file only. */
export interface ConnectionInput {
  authenticationType: string | null;
  apiVersion: string | null;
  settings: Record<string, string>;
  /** New secret values; keys left out keep their stored value. Default: none (the stored secret is kept). */
  secret?: Record<string, string>;
}

/** A connection input the console refuses, naming the field that is wrong. */
export class ConnectionInputError extends Error {
  override readonly name = "ConnectionInputError";

  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Connection names: letters, digits, `_` and `-`, so a name is always a safe file name. */
const NAME = /^[A-Za-z0-9_-]{1,64}$/;
/** Keys of settings and secrets: what AppFlow allows in a key, without path or control characters. */
const KEY = /^[A-Za-z0-9_.-]{1,128}$/;
/** Longest value kept for one setting or secret key. */
const MAX_VALUE_LENGTH = 64 * 1024;

/** The directory, under the project, where the console keeps its connections and secrets. */
export const CONSOLE_DIR = join(".connector", "console");

function stringMap(value: unknown, field: string): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ConnectionInputError(field, `${field} must be an object of strings`);
  }
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (!KEY.test(key))
      throw new ConnectionInputError(`${field}.${key}`, `${field} has an invalid key "${key}"`);
    if (typeof item !== "string")
      throw new ConnectionInputError(`${field}.${key}`, `${field}.${key} must be a string`);
    if (item.length > MAX_VALUE_LENGTH) {
      throw new ConnectionInputError(
        `${field}.${key}`,
        `${field}.${key} is longer than ${MAX_VALUE_LENGTH} characters`,
      );
    }
    out[key] = item;
  }
  return out;
}

function optionalName(value: unknown, field: string): string | null {
  if (value === null || value === undefined || value === "") return null;
  if (typeof value !== "string" || !KEY.test(value)) {
    throw new ConnectionInputError(field, `${field} must be a name of letters, digits, "_", "." or "-"`);
  }
  return value;
}

/** Checks a connection name; throws {@link ConnectionInputError} naming `name` when it is not one. */
export function checkConnectionName(name: string): string {
  if (!NAME.test(name)) {
    throw new ConnectionInputError("name", 'A connection name has 1 to 64 letters, digits, "_" or "-"');
  }
  return name;
}

/** Reads the page's JSON for a connection, checking every field at this boundary. */
export function parseConnectionInput(body: unknown): ConnectionInput {
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    throw new ConnectionInputError("body", "The connection must be a JSON object");
  }
  const record = body as Record<string, unknown>;
  const input: ConnectionInput = {
    authenticationType: optionalName(record["authenticationType"], "authenticationType"),
    apiVersion: optionalName(record["apiVersion"], "apiVersion"),
    settings: record["settings"] === undefined ? {} : stringMap(record["settings"], "settings"),
  };
  if (record["secret"] !== undefined && record["secret"] !== null) {
    input.secret = stringMap(record["secret"], "secret");
  }
  return input;
}

/**
 * The console's named connections: settings and the authentication type in `connections.json`, each secret in
 * its own `secrets/<name>.json` (mode 0600, in a 0700 directory) under the project's `.connector/console/`.
 * Secret values go in and are never read back out of this class: AppFlow requests name the file by reference,
 * and the AppFlow host resolves it at call time, as it resolves a Secrets Manager ARN in AWS.
 */
export class ConnectionStore {
  readonly #projectDir: string;
  readonly #connections = new Map<string, ConsoleConnection>();
  /** Connections given on the command line: listed, never written to `connections.json`. */
  readonly #sessionOnly = new Set<string>();

  private constructor(projectDir: string) {
    this.#projectDir = projectDir;
  }

  /** Opens the store of the project at `projectDir`, reading the connections saved by earlier sessions. */
  static async open(projectDir: string): Promise<ConnectionStore> {
    const store = new ConnectionStore(projectDir);
    const text = await readFile(store.#indexPath, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return null;
      throw error;
    });
    if (text !== null) {
      const saved = JSON.parse(text) as ConsoleConnection[];
      for (const connection of Array.isArray(saved) ? saved : []) {
        if (typeof connection?.name === "string" && NAME.test(connection.name)) {
          store.#connections.set(connection.name, connection);
        }
      }
    }
    return store;
  }

  get #dir(): string {
    return join(this.#projectDir, CONSOLE_DIR);
  }

  get #indexPath(): string {
    return join(this.#dir, "connections.json");
  }

  /** The saved connections, by name. */
  list(): ConsoleConnection[] {
    return [...this.#connections.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** One connection; undefined when there is none of that name. */
  get(name: string): ConsoleConnection | undefined {
    return this.#connections.get(name);
  }

  /** Every secret reference of a saved connection: the only ones the console's AppFlow host may resolve. */
  secretRefs(): string[] {
    return this.list().flatMap((c) => (c.secretRef ? [c.secretRef] : []));
  }

  /**
   * Keeps a connection whose secret is a reference the user gave (`--secret env:NAME`, `file:…`, an ARN) for
   * this session only: nothing is written, and the secret's keys are not known.
   */
  addReference(
    name: string,
    input: Omit<ConnectionInput, "secret">,
    secretRef: string | null,
  ): ConsoleConnection {
    checkConnectionName(name);
    const connection: ConsoleConnection = { name, ...input, secretRef, secretKeys: [] };
    this.#connections.set(name, connection);
    this.#sessionOnly.add(name);
    return connection;
  }

  /**
   * Saves a connection. New secret values are merged into its secret file (0600) and their keys recorded;
   * the values themselves stay in that file only.
   */
  async save(name: string, input: ConnectionInput): Promise<ConsoleConnection> {
    checkConnectionName(name);
    const previous = this.#connections.get(name);
    let secretRef = previous?.secretRef ?? null;
    let secretKeys = previous?.secretKeys ?? [];
    if (input.secret && Object.keys(input.secret).length > 0) {
      const secretsDir = join(this.#dir, "secrets");
      await mkdir(secretsDir, { recursive: true, mode: 0o700 });
      await chmod(secretsDir, 0o700);
      const file = join(secretsDir, `${name}.json`);
      const stored = await readFile(file, "utf8")
        .then((text) => JSON.parse(text) as Record<string, string>)
        .catch(() => ({}));
      // A changed authentication type needs other keys: the old ones would only confuse the connector.
      const kept = previous?.authenticationType === input.authenticationType ? stored : {};
      const merged = { ...kept, ...input.secret };
      await writeAtomically(file, `${JSON.stringify(merged)}\n`, 0o600);
      secretRef = `file:${join(CONSOLE_DIR, "secrets", `${name}.json`).split("\\").join("/")}`;
      secretKeys = Object.keys(merged).sort();
    }
    const connection: ConsoleConnection = {
      name,
      authenticationType: input.authenticationType,
      apiVersion: input.apiVersion,
      settings: input.settings,
      secretRef,
      secretKeys,
    };
    this.#connections.set(name, connection);
    this.#sessionOnly.delete(name);
    const saved = this.list().filter((c) => !this.#sessionOnly.has(c.name));
    await mkdir(this.#dir, { recursive: true, mode: 0o700 });
    await writeAtomically(this.#indexPath, `${JSON.stringify(saved, null, 2)}\n`, 0o600);
    return connection;
  }
}

/** Writes a file through a temporary sibling, created with `mode`, so no reader sees half of it. */
async function writeAtomically(path: string, text: string, mode: number): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await chmod(temporary, mode);
  await rename(temporary, path);
}
