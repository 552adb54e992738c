import type { ConnectorHandlers } from "../core/handlers.js";
import type { WriteOperationType } from "../core/model/enums.js";
import type { Connector } from "../define/define-connector.js";

/**
 * Where a connector comes from: a module path (TypeScript source or built JavaScript, relative to the flow
 * file), a package specifier (`connector-kit/connectors/jsonl`), or — from the library API only — a
 * connector object or low-level handlers.
 */
export type ConnectorSource = string | Connector | ConnectorHandlers;

/** Credentials as AppFlow sends them: a reference to a secret, never the secret itself. */
export interface FlowCredentials {
  /** `env:NAME` (a JSON object in an environment variable), `file:path`, or a Secrets Manager ARN. */
  secret: string;
  /** `BasicAuth`, `ApiKey`, `OAuth2` or `CustomAuth`. Default: the connector's first scheme. */
  authenticationType: string | null;
}

/** The connector side shared by source and destination. */
export interface FlowEndpoint {
  connector: ConnectorSource;
  /** Runtime settings, as strings (AppFlow sends them so). `${NAME}` refers to an environment variable. */
  settings: Record<string, string>;
  /** Default: none. */
  credentials: FlowCredentials | null;
  /** Default: the connector's first API version. */
  apiVersion: string | null;
  entity: string;
}

/** What to read. */
export interface FlowSource extends FlowEndpoint {
  /** Fields to select. Default: null, every field. */
  fields: string[] | null;
  /** A filter expression in AppFlow's language, pushed down to the source. Default: none. */
  filter: string | null;
  /** `maxResults` of each QueryData call. Default: 1000. */
  pageSize: number;
}

/** Where to write. */
export interface FlowDestination extends FlowEndpoint {
  /** Default: `INSERT`. */
  operation: WriteOperationType;
  /** Key fields of UPSERT, UPDATE and DELETE. Default: none (the connector's default). */
  idFieldNames: string[];
  /** Write each batch all or nothing. Default: false. */
  allOrNone: boolean;
  /** Records per WriteData call. Default: 500. */
  batchSize: number;
  /**
   * Most WriteData calls in flight at once: above 1, the next batch is sent while earlier ones are still being
   * written — for destinations that take concurrent writes (a database's transactions), not a file appended to.
   * A batch holding a key (`idFieldNames`) of a batch in flight waits for it, so the later write lands last;
   * without `idFieldNames`, or with `failOnError`, batches go one at a time. A local runner's setting (AppFlow
   * decides its own). Default: 1.
   */
  writesInFlight?: number;
}

/** What a validation does with a record that fails it (AppFlow's `VALIDATION_ACTION`). */
export type ValidationAction = "DropRecord" | "TerminateFlow";

/** Validation operators. */
export type ValidateOperator =
  | "VALIDATE_NON_NULL"
  | "VALIDATE_NON_ZERO"
  | "VALIDATE_NON_NEGATIVE"
  | "VALIDATE_NUMERIC";

/** Masking operators. */
export type MaskOperator = "MASK_ALL" | "MASK_FIRST_N" | "MASK_LAST_N";

/** Arithmetic operators. */
export type ArithmeticOperator = "ADDITION" | "SUBTRACTION" | "MULTIPLICATION" | "DIVISION";

/**
 * One task, in AppFlow's vocabulary (`taskType` + `connectorOperator`). Tasks run in order on every record
 * after it is read and before it is written.
 */
export type FlowTask =
  /** Copies `source` to `destination`; the source field is dropped unless `keepSource`. */
  | { type: "Map"; source: string; destination: string; keepSource: boolean }
  /** Keeps only records the expression (AppFlow's filter language) accepts; the others are skipped. */
  | { type: "Filter"; expression: string }
  /** Replaces characters of a field's text with `maskValue`: all, the first `n` or the last `n`. */
  | { type: "Mask"; operator: MaskOperator; field: string; n: number; maskValue: string }
  /** Cuts a field's text to `length` characters. */
  | { type: "Truncate"; field: string; length: number }
  /** Checks a field; a failing record is dropped into the error file, or ends the flow. */
  | { type: "Validate"; operator: ValidateOperator; field: string; action: ValidationAction }
  /** `destination = fields[0] <op> fields[1]`, numbers (numeric text is accepted). */
  | { type: "Arithmetic"; operator: ArithmeticOperator; fields: [string, string]; destination: string }
  /** `destination = fields joined by separator` (AppFlow's Merge / CONCAT_FORMAT). */
  | { type: "Merge"; fields: string[]; separator: string; destination: string }
  /** Drops the listed fields. */
  | { type: "Drop"; fields: string[] };

/**
 * When a schedule holds (AppFlow's `scheduleStartTime` and `scheduleEndTime`): no run is due before `startsAt`
 * and none after `endsAt` (ms since the epoch), and a rate counts its intervals from `startsAt`. Both
 * optional; without `startsAt`, `nextDueTime` counts a rate from the last run's start, and the scheduler
 * gives it one (see `activeWindow`).
 */
export interface ScheduleWindow {
  startsAt?: number;
  endsAt?: number;
}

/** When and what a run reads. */
export type FlowTrigger =
  /** Every run reads everything the source filter selects. */
  | { type: "onDemand" }
  /**
   * Like onDemand; `connector flow schedule` runs it every `everyMs`, or at the times of `schedule` (an
   * AppFlow expression, `rate(…)` or `cron(…)`, UTC; `everyMs` is null for a cron expression).
   */
  | ({ type: "scheduled"; everyMs: number | null; schedule?: string } & ScheduleWindow)
  /**
   * Each run reads only what changed since the last completed run, by the Date/DateTime field `field`; the
   * first run reads the last `firstRunWindowMs` (default 30 days). `everyMs` (optional) schedules it.
   * `lookBackMs` starts each later window that much before the watermark, so rows whose timestamp was set
   * before the last run but committed after it are read again (default: 5 minutes, or 0 for INSERT, where
   * a re-read row would be written twice). `schedule` (optional, instead of `everyMs`) is an AppFlow
   * expression, `rate(…)` or `cron(…)`.
   */
  | ({
      type: "incremental";
      field: string;
      firstRunWindowMs: number;
      everyMs: number | null;
      lookBackMs?: number;
      schedule?: string;
    } & ScheduleWindow);

/** What to do with records that fail. */
export interface FlowErrorPolicy {
  /** Fail the run at the first record that fails (after writing it to the error file). Default: false. */
  failOnError: boolean;
  /** Error file path; `{run}` is replaced by the run id. Default: `<state dir>/errors/<flow>/run-{run}.jsonl`. */
  file: string | null;
}

/** A whole flow, parsed and checked. */
export interface FlowDefinition {
  /** Unique in its state store. Letters, digits, `.`, `_`, `-`. */
  name: string;
  /** Default: none. */
  description: string | null;
  source: FlowSource;
  destination: FlowDestination;
  /** Default: none. */
  tasks: FlowTask[];
  /** Default: `{ type: "onDemand" }`. */
  trigger: FlowTrigger;
  errors: FlowErrorPolicy;
  /** The flow file's directory: relative paths (connector modules, error file) start here. Default: cwd. */
  baseDir: string;
  /** The flow file, when read from one. */
  file: string | null;
}

/** Defaults of a flow file. */
export const FLOW_DEFAULTS = {
  pageSize: 1000,
  batchSize: 500,
  writesInFlight: 1,
  operation: "INSERT" as WriteOperationType,
  firstRunWindowMs: 30 * 24 * 3600 * 1000,
  /** Look-back of incremental windows unless the destination operation is INSERT (then 0). */
  lookBackMs: 5 * 60_000,
};

/** The look-back of an incremental flow's windows: its `lookBackMs`, else 5 minutes (0 for INSERT). */
export function lookBackOf(flow: Pick<FlowDefinition, "trigger" | "destination">): number {
  if (flow.trigger.type !== "incremental") return 0;
  return flow.trigger.lookBackMs ?? (flow.destination.operation === "INSERT" ? 0 : FLOW_DEFAULTS.lookBackMs);
}
