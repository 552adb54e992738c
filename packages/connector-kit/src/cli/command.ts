import type { ParseArgsConfig } from "node:util";

/** Where a command writes; replaced in tests. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Standard input as text, or null when it is a terminal. */
  stdin: () => Promise<string | null>;
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** Whether stderr is a terminal: logs are then readable lines instead of JSON. Default: false. */
  stderrIsTTY?: boolean;
}

export type FlagSpec = NonNullable<ParseArgsConfig["options"]>[string] & {
  description: string;
  valueName?: string;
};

/** One `connector` command: its metadata (for help and docs) and its action. Its summary is in the registry. */
export interface Command {
  name: string;
  /** Positional arguments, e.g. `<connector> <operation>`. */
  usage: string;
  flags: Record<string, FlagSpec>;
  examples: string[];
  /** Returns the process exit status. */
  run(
    args: { positionals: string[]; flags: Record<string, string | boolean | string[] | undefined> },
    io: CommandIo,
  ): Promise<number>;
}

/**
 * An error the user can fix; shown without a stack, as JSON with `--json`. `details` (default: none) are
 * JSON fields a program can act on, such as the file and the problems it lists: `--json` adds them to the
 * error object beside `type` and `message`.
 */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly details: Readonly<Record<string, unknown>>;

  constructor(message: string, details: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.details = details;
  }
}

/** Flags every command accepts. */
export const COMMON_FLAGS: Record<string, FlagSpec> = {
  json: { type: "boolean", description: "Write the result (or the error) as JSON" },
  help: { type: "boolean", short: "h", description: "Show this command's help" },
};
