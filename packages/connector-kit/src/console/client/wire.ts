/**
 * The JSON the console's server sends the page, as the client reads it. The AppFlow and conformance shapes are
 * the SDK's own types (imported as types only: nothing of the server's code enters the page's bundle); the
 * console's own shapes are declared here because their server modules use Node.
 */
import type { ConnectorConfiguration } from "../../core/model/configuration.js";
import type { EntityDefinition } from "../../core/model/entity.js";
import type { ErrorDetails } from "../../core/model/responses.js";
import type { CheckResult, ConformanceReport } from "../../testing/conformance/report.js";

export type { CheckResult, ConformanceReport, ConnectorConfiguration, EntityDefinition };

/** A saved connection: everything but its secret values. */
export interface SavedConnection {
  name: string;
  authenticationType: string | null;
  apiVersion: string | null;
  settings: Record<string, string>;
  secretRef: string | null;
  secretKeys: string[];
}

/** GET /api/session. */
export interface Session {
  connector: string;
  lumos: boolean;
  flows: boolean;
  connections: SavedConnection[];
  limits: { maxResponseBytes: number; timeLimitsMs: Record<string, number> };
  /** This server run's id under `connector dev --console`: another one means it restarted. Null otherwise. */
  instance: string | null;
}

/** Any AppFlow answer: its outcome, and whatever else the operation answers (read by the caller). */
export interface AppFlowAnswer {
  isSuccess?: boolean;
  errorDetails?: ErrorDetails | null;
  /** The console's or the host's own refusal (not an AppFlow answer). */
  error?: string;
}

/** A flow file as the console lists it. */
export interface FlowListing {
  file: string;
  name: string | null;
  description: string | null;
  source: string | null;
  destination: string | null;
  schedule: string | null;
  nextRunAt: string | null;
  error: string | null;
}

/** One finished run, as the history lists it. */
export interface RunRow {
  id: number | string;
  status: string;
  startedAt: string;
  recordsRead: number;
  recordsWritten: number;
  recordsFailed: number;
  errorFile?: string | null;
  error?: string | null;
}

/** A run started from the console, as the page polls it. */
export interface ConsoleRun {
  id: string;
  state: "running" | "done" | "failed";
  progress: {
    recordsRead: number;
    recordsWritten: number;
    recordsFailed: number;
    recordsPerSecond: number;
  } | null;
  rates: number[];
  summary: (RunRow & { recordsPerSecond: number }) | null;
  error: string | null;
}

/** One event of a conformance run's stream: a check that completed, the final report, or a failure. */
export type ConformanceEvent =
  | { type: "check"; index: number; check: CheckResult }
  | { type: "report"; report: ConformanceReport }
  | { type: "error"; error: string };

/** The console's refusals: a message and, when one field is at fault, its name. */
export interface Refusal {
  error?: string;
  field?: string;
}
