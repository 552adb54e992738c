import { open, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import type { Connector } from "../../define/define-connector.js";
import { createLumosHost, type LumosHost, type LumosHostOptions } from "./lumos-host.js";

/** Where the executable reads and writes; replaced in tests. */
export interface ExecutableIo {
  /** Default: `process.stdout.write`. */
  stdout: (text: string) => void;
  /** Default: `process.stderr.write`. */
  stderr: (text: string) => void;
  /** Reads a `--json-file`. Default: `fs.readFile(path, "utf8")`. */
  readFile: (path: string) => Promise<string>;
  /** Writes a `--result-file-path` and fsyncs it. Default: node:fs. */
  writeFile: (path: string, bytes: Uint8Array) => Promise<void>;
  /** Directory relative paths are read from. Default: `process.cwd()`. */
  cwd: string;
}

/** Exit status of {@link runLumosExecutable}: 0 answered (also with an error envelope). */
export const EXIT_OK = 0;
/** Exit status for a failure outside the capability: empty `--json`, unreadable `--json-file`, bad `--result-file-path`. */
export const EXIT_FAILURE = 1;
/** Exit status for a command-line usage error, as argparse gives. */
export const EXIT_USAGE = 2;

async function writeSynced(path: string, bytes: Uint8Array): Promise<void> {
  const handle = await open(path, "w");
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function defaultIo(): ExecutableIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readFile(path, "utf8"),
    writeFile: writeSynced,
    cwd: process.cwd(),
  };
}

/** Internal signal: a bad command line; runLumosExecutable catches it and prints it with the usage line. */
class Usage extends Error {}

interface Parsed {
  command: string;
  json?: string;
  jsonFile?: string;
  resultFilePath?: string;
}

function usageLine(program: string): string {
  return `usage: ${program} [-h] CAPABILITY [--json JSON STRING | --json-file JSON FILEPATH] [--result-file-path FILEPATH]`;
}

function helpText(program: string, host: LumosHost): string {
  return [
    usageLine(program),
    "",
    `${host.app.userFriendlyName} ${host.app.version}: a Lumos connector.`,
    "",
    "commands:",
    "  info                   print the connector's info document (keys sorted)",
    ...host.capabilities.map((c) => `  ${c.padEnd(22)} ${host.app.capabilities.get(c)!.displayName}`),
    "",
    "options of a capability:",
    "  --json JSON            the request envelope, as a JSON string",
    "  --json-file PATH       the request envelope, read from a file",
    "  --result-file-path P   write the answer gzip-compressed to P (must end in .gz) instead of stdout",
    "  --use-proxy, --sip     accepted for compatibility; has no effect",
    "",
  ].join("\n");
}

function stripQuotes(value: string): string {
  const m = /^(["'])(.*)\1$/s.exec(value);
  return m ? m[2]! : value;
}

function parse(argv: readonly string[], capabilities: readonly string[]): Parsed {
  const [command, ...rest] = argv;
  if (command === undefined) throw new Usage("No command passed in");
  if (command !== "info" && !capabilities.includes(command)) {
    const choices = ["info", ...capabilities].map((c) => `'${c}'`).join(", ");
    throw new Usage(`argument CAPABILITY: invalid choice: '${command}' (choose from ${choices})`);
  }
  const parsed: Parsed = { command };
  const takesJson = command !== "info";
  const unrecognized: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = rest[i + 1];
      if (next === undefined) throw new Usage(`argument ${flag}: expected one argument`);
      i++;
      return next;
    };
    if (flag === "--use-proxy" || flag === "--sip") continue;
    if (flag === "--result-file-path") parsed.resultFilePath = value();
    else if (takesJson && flag === "--json") {
      if (parsed.jsonFile !== undefined)
        throw new Usage("argument --json: not allowed with argument --json-file");
      parsed.json = value();
    } else if (takesJson && flag === "--json-file") {
      if (parsed.json !== undefined)
        throw new Usage("argument --json-file: not allowed with argument --json");
      parsed.jsonFile = stripQuotes(value());
    } else unrecognized.push(arg);
  }
  if (unrecognized.length > 0) throw new Usage(`unrecognized arguments: ${unrecognized.join(" ")}`);
  if (takesJson && parsed.json === undefined && parsed.jsonFile === undefined)
    throw new Usage("one of the arguments --json --json-file is required");
  return parsed;
}

/** Options of {@link runLumosExecutable}. */
export interface LumosExecutableOptions extends LumosHostOptions {
  /** The program name in usage lines. Default: the Lumos app id. */
  program?: string;
  /** A host to use instead of creating one. Default: `createLumosHost(connector, options)`. */
  host?: LumosHost;
}

/**
 * Runs a connector as a Lumos connector executable, with `argv` the arguments after the program name:
 *
 * - `info [--result-file-path F.gz]`: prints the info document (keys sorted);
 * - `<capability> --json '<envelope>' | --json-file <path> [--result-file-path F.gz]`: prints the answer
 *   envelope (compact JSON and a newline), or writes it gzip-compressed to the `.gz` file (nothing on stdout);
 * - `--use-proxy` / `--sip` are accepted and ignored.
 *
 * Returns the exit status: 0 when an answer was given (also an error envelope: Lumos reads errors from the
 * JSON), 1 for a failure outside the capability (no command; an empty `--json` or `--json-file` value;
 * unreadable `--json-file`; a result path not ending in `.gz`; a write failure), 2 for a usage error (unknown capability, missing or conflicting flags).
 * Logs go to stderr as JSON lines, secrets redacted.
 */
export async function runLumosExecutable(
  connector: Connector,
  argv: readonly string[],
  io: Partial<ExecutableIo> = {},
  options: LumosExecutableOptions = {},
): Promise<number> {
  const out: ExecutableIo = { ...defaultIo(), ...io };
  let host: LumosHost;
  try {
    host =
      options.host ??
      createLumosHost(connector, { ...options, logWrite: options.logWrite ?? ((l) => out.stderr(`${l}\n`)) });
  } catch (error) {
    out.stderr(`${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  const program = options.program ?? host.app.appId;
  if (argv[0] === "-h" || argv[0] === "--help") {
    out.stdout(helpText(program, host));
    return EXIT_OK;
  }
  let parsed: Parsed;
  try {
    parsed = parse(argv, host.capabilities);
  } catch (error) {
    if (!(error instanceof Usage)) throw error;
    if (argv.length === 0) {
      out.stderr(`${error.message}\n${helpText(program, host)}`);
      return EXIT_FAILURE;
    }
    out.stderr(`${usageLine(program)}\n${program}: error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (parsed.resultFilePath !== undefined && !parsed.resultFilePath.endsWith(".gz")) {
    out.stderr(`--result-file-path must end in .gz: ${parsed.resultFilePath}\n`);
    return EXIT_FAILURE;
  }
  // Lumos' CLI refuses an empty --json/--json-file value (an exception, so a non-zero exit), not an envelope.
  if (parsed.json === "" || parsed.jsonFile === "") {
    out.stderr(
      `${parsed.json === "" ? "--json" : "--json-file"} is empty: pass the request envelope (a JSON object)\n`,
    );
    return EXIT_FAILURE;
  }
  let text: string;
  if (parsed.command === "info") {
    text = host.info().text;
  } else {
    let request = parsed.json;
    if (request === undefined) {
      try {
        request = await out.readFile(resolve(out.cwd, parsed.jsonFile!));
      } catch (error) {
        out.stderr(`Cannot read --json-file ${parsed.jsonFile}: ${(error as Error).message}\n`);
        return EXIT_FAILURE;
      }
    }
    text = (await host.handle(parsed.command, request)).text;
  }
  if (parsed.resultFilePath === undefined) {
    out.stdout(`${text}\n`);
    return EXIT_OK;
  }
  try {
    await out.writeFile(resolve(out.cwd, parsed.resultFilePath), gzipSync(Buffer.from(text, "utf8")));
  } catch (error) {
    out.stderr(`Cannot write --result-file-path ${parsed.resultFilePath}: ${(error as Error).message}\n`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}
