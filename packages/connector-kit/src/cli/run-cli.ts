import { parseArgs } from "node:util";
import { didYouMean } from "../core/closest-word.js";
import { isConnectorError } from "../core/errors/connector-error.js";
import { missingDevPeerHint } from "../core/peer-dependency.js";
import { type Command, type CommandIo, UsageError } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { SDK_VERSION } from "./version.js";

function commandHelp(c: Command, summary: string): string {
  const flags = Object.entries(c.flags).map(([name, f]) => {
    const left = `${f.short ? `-${f.short}, ` : "    "}--${name}${f.type === "string" ? ` <${f.valueName ?? "value"}>` : ""}`;
    return `  ${left.padEnd(30)} ${f.description}`;
  });
  return [
    `connector ${c.name} ${c.usage}`,
    "",
    summary,
    "",
    "Flags:",
    ...flags,
    "",
    "Examples:",
    ...c.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}

function mainHelp(): string {
  return [
    "connector — build, run and test connectors",
    "",
    "Usage: connector <command> [arguments] [flags]",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`),
    "",
    "Run `connector help <command>` (or `connector <command> --help`) for a command's flags and examples,",
    "and `connector --version` for the version of connector-kit.",
    "",
  ].join("\n");
}

/** Parses a command's arguments; an unknown flag is a usage error naming the closest known one. */
function parseFlags(command: Command, args: readonly string[]) {
  try {
    return parseArgs({ args: [...args], options: command.flags, allowPositionals: true, strict: true });
  } catch (error) {
    const unknown = /^Unknown option '(-{1,2})([^']+)'/.exec((error as Error).message);
    if (!unknown) throw error;
    const flag = `${unknown[1]}${unknown[2]}`;
    const hint = didYouMean(unknown[2]!, Object.keys(command.flags)).replace(/"(.+)"/, '"--$1"');
    throw new UsageError(
      `Unknown flag ${flag} for connector ${command.name}${hint}; run \`connector help ${command.name}\` for its flags`,
    );
  }
}

/**
 * Runs the `connector` command line; returns the exit status: 0 ok, 1 failure, 2 usage error, 3 a flow run
 * that completed with rejected records (the README's table).
 */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    io.stdout(`${SDK_VERSION}\n`);
    return 0;
  }
  if (name === "help" && rest[0] !== undefined && !rest[0].startsWith("-")) {
    return runCli([rest[0], "--help"], io);
  }
  if (!name || name === "help" || name === "--help" || name === "-h") {
    io.stdout(mainHelp());
    return name ? 0 : 2;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  let command: Command | undefined;
  try {
    command = await entry?.load();
  } catch (error) {
    io.stderr(`connector ${name}: ${(missingDevPeerHint(error) ?? (error as Error)).message}\n`);
    return 1;
  }
  // `--json` asks for JSON output only where it is a switch (for `invoke` it carries the request).
  const wantsJson = command?.flags["json"]?.type === "boolean" && rest.includes("--json");
  try {
    if (!entry || !command) {
      const names = COMMANDS.map((c) => c.name);
      throw new UsageError(
        `Unknown command "${name}"${didYouMean(name, names)}. Commands: ${names.join(", ")}`,
      );
    }
    const { values, positionals } = parseFlags(command, rest);
    if (values["help"]) {
      io.stdout(commandHelp(command, entry.summary));
      return 0;
    }
    return await command.run(
      { positionals, flags: values as Record<string, string | boolean | string[] | undefined> },
      io,
    );
  } catch (thrown) {
    const error = missingDevPeerHint(thrown) ?? thrown;
    const usage =
      error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    const message = error instanceof Error ? error.message : String(error);
    const kind = usage ? "UsageError" : isConnectorError(error) ? error.code : "Error";
    const details = error instanceof UsageError ? error.details : {};
    if (wantsJson) io.stdout(`${JSON.stringify({ error: { ...details, type: kind, message } })}\n`);
    else io.stderr(`connector ${name}: ${message}\n`);
    return usage ? 2 : 1;
  }
}
