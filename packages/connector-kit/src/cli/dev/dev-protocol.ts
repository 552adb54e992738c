import type { PresetConnection } from "../../console/serve-console.js";
import type { Flags } from "../connection-flags.js";

/** What `connector dev` checks after each reload. */
export const DEV_CHECKS = ["quick", "conformance", "none"] as const;
export type DevCheck = (typeof DEV_CHECKS)[number];

/** What the dev loop tells the worker process it starts for one reload (as JSON in its first argument). */
export interface DevWorkerInput {
  /** The connector module, absolute. */
  module: string;
  cwd: string;
  /** Where relative `file:` secret references are read first (the project config's directory, or cwd). */
  secretsDir: string;
  /** The connection flags with the project connection's values merged in. */
  flags: Flags;
  check: DevCheck;
  /** The connector's log level (stderr). */
  logLevel: string;
  /** Whether the dev loop's stderr is a terminal: the worker's logs are then readable lines, not JSON. */
  stderrIsTTY: boolean;
  /** Serve the connector after the check, until stopped. Default: none (the worker exits after the check). */
  serve?: { port: number; hostname: string; token: string; secrets: string[] };
  /** Serve the console on the connector after the check, until stopped. Default: none. */
  console?: { port: number; token: string; connections: PresetConnection[] };
}

/** What the worker reports to the dev loop, over the IPC channel. */
export type DevWorkerMessage =
  | {
      type: "checked";
      ok: boolean;
      /** One line: what was loaded and what the check found. */
      summary: string;
      /** Lines under it: failures, the conformance suite's failed checks. */
      details: string[];
      /** From the start of the worker to the end of the check. */
      ms: number;
    }
  | { type: "serving"; url: string; port: number; openUrl?: string };
