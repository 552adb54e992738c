import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { isNode, LineCounter, parseDocument } from "yaml";
import { closestWord } from "../core/closest-word.js";
import { parseDuration } from "../core/duration.js";
import { WRITE_OPERATION_TYPES, type WriteOperationType } from "../core/model/enums.js";
import { parseFilter } from "../filter/parser.js";
import {
  FLOW_DEFAULTS,
  type FlowCredentials,
  type FlowDefinition,
  type FlowDestination,
  type FlowErrorPolicy,
  type FlowSource,
  type FlowTask,
  type FlowTrigger,
  type ScheduleWindow,
  type ValidationAction,
} from "./flow-definition.js";
import { FlowFileError, type FlowProblem } from "./flow-file-error.js";
import {
  parseScheduleExpression,
  type ScheduleExpression,
  ScheduleExpressionError,
} from "./schedule-expression.js";

/** Options of {@link parseFlowText} and {@link readFlowFile}. */
export interface ParseFlowOptions {
  /** The file the text came from, for messages and relative paths. Default: none. */
  file?: string | null;
  /** Directory relative paths start from. Default: the file's directory, else the current directory. */
  baseDir?: string;
  /** Variables for `${NAME}` in settings. Default: `process.env`. `FLOW_DIR` is always the base directory. */
  env?: Readonly<Record<string, string | undefined>>;
}

type Path = (string | number)[];
type Json = unknown;
type Obj = Record<string, Json>;

const TASK_KEYS: Record<string, { required: string[]; optional: string[] }> = {
  Map: { required: ["source", "destination"], optional: ["keepSource"] },
  Filter: { required: ["expression"], optional: [] },
  Mask: { required: ["operator", "field"], optional: ["n", "maskValue"] },
  Truncate: { required: ["field", "length"], optional: [] },
  Validate: { required: ["operator", "field"], optional: ["action"] },
  Arithmetic: { required: ["operator", "fields", "destination"], optional: [] },
  Merge: { required: ["fields", "destination"], optional: ["separator"] },
  Drop: { required: ["fields"], optional: [] },
};
const MASK_OPERATORS = ["MASK_ALL", "MASK_FIRST_N", "MASK_LAST_N"] as const;
const VALIDATE_OPERATORS = [
  "VALIDATE_NON_NULL",
  "VALIDATE_NON_ZERO",
  "VALIDATE_NON_NEGATIVE",
  "VALIDATE_NUMERIC",
] as const;
const ARITHMETIC_OPERATORS = ["ADDITION", "SUBTRACTION", "MULTIPLICATION", "DIVISION"] as const;
// DropDataset is AppFlow's own name for TerminateFlow (what `flow deploy` sends), so a task copied from AppFlow reads.
const VALIDATION_ACTIONS = ["DropRecord", "TerminateFlow", "DropDataset"] as const;
function validationAction(action: (typeof VALIDATION_ACTIONS)[number] | null): ValidationAction {
  return action === "DropDataset" ? "TerminateFlow" : (action ?? "DropRecord");
}
const TRIGGER_TYPES = ["onDemand", "scheduled", "incremental"] as const;
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text === "" ? part : `${text}.${part}`),
    "",
  );
}

function shown(value: Json): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Reads values out of the parsed document, recording every problem with its key path. */
class Reader {
  readonly problems: { path: Path; message: string }[] = [];

  constructor(readonly env: Readonly<Record<string, string | undefined>>) {}

  problem(path: Path, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: Json, path: Path, keys: readonly string[]): Obj | null {
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      this.problem(path, `expected a mapping (key: value), got ${shown(value)}`);
      return null;
    }
    for (const key of Object.keys(value)) {
      if (!keys.includes(key)) {
        const hint = closestWord(key, keys);
        this.problem(
          [...path, key],
          `unknown key${hint ? ` (did you mean "${hint}"?)` : ""}; expected one of ${keys.join(", ")}`,
        );
      }
    }
    return value as Obj;
  }

  string(o: Obj, key: string, path: Path, fallback?: string | null): string | null {
    const value = o[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem([...path, key], "is required");
      return fallback ?? null;
    }
    if (typeof value !== "string" || value.trim() === "") {
      this.problem([...path, key], `expected a non-empty string, got ${shown(value)}`);
      return null;
    }
    return value;
  }

  integer(o: Obj, key: string, path: Path, fallback: number | undefined, min = 1, max = 1_000_000): number {
    const value = o[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem([...path, key], "is required");
      return fallback ?? min;
    }
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      this.problem([...path, key], `expected an integer from ${min} to ${max}, got ${shown(value)}`);
      return fallback ?? min;
    }
    return value;
  }

  boolean(o: Obj, key: string, path: Path, fallback: boolean): boolean {
    const value = o[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== "boolean") {
      this.problem([...path, key], `expected true or false, got ${shown(value)}`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(o: Obj, key: string, path: Path, options: readonly T[], fallback?: T): T | null {
    const value = o[key];
    if (value === undefined || value === null) {
      if (fallback === undefined) this.problem([...path, key], `is required (one of ${options.join(", ")})`);
      return fallback ?? null;
    }
    if (typeof value !== "string" || !(options as readonly string[]).includes(value)) {
      const hint = typeof value === "string" ? closestWord(value, options) : null;
      this.problem(
        [...path, key],
        `expected one of ${options.join(", ")}, got ${shown(value)}${hint ? ` (did you mean ${hint}?)` : ""}`,
      );
      return null;
    }
    return value as T;
  }

  strings(o: Obj, key: string, path: Path, required: boolean, minItems = 1): string[] | null {
    const value = o[key];
    if (value === undefined || value === null) {
      if (required) this.problem([...path, key], "is required (a list of field names)");
      return null;
    }
    if (
      !Array.isArray(value) ||
      value.length < minItems ||
      !value.every((v) => typeof v === "string" && v !== "")
    ) {
      this.problem(
        [...path, key],
        `expected a list of at least ${minItems} field name(s), got ${shown(value)}`,
      );
      return null;
    }
    return value as string[];
  }

  duration(o: Obj, key: string, path: Path): number | null {
    const value = o[key];
    if (value === undefined || value === null) return null;
    const ms = parseDuration(value);
    if (ms === null)
      this.problem([...path, key], `expected a duration such as 30s, 15m, 1h or 30d, got ${shown(value)}`);
    return ms;
  }

  /**
   * `${NAME}` → the variable's value, `${NAME:-default}` → the value or the default (which may itself refer
   * to `${OTHER}`); a missing variable without a default is a problem at `path`.
   */
  interpolate(text: string, path: Path): string {
    return text.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-((?:\$\{[A-Za-z_][A-Za-z0-9_]*\}|[^}])*))?\}/g,
      (_, name: string, fallback: string | undefined) => {
        const value = this.env[name];
        if (value !== undefined && value !== "") return value;
        if (fallback !== undefined) return this.interpolate(fallback, path);
        this.problem(path, `refers to \${${name}}, but the environment variable ${name} is not set`);
        return "";
      },
    );
  }
}

/** Stands in for a side that is missing or not a mapping (already reported), so checking goes on. */
const PLACEHOLDER_ENDPOINT = { connector: "", settings: {}, credentials: null, apiVersion: null, entity: "" };

function readEndpoint(r: Reader, o: Obj, path: Path) {
  const connector = r.string(o, "connector", path) ?? "";
  const settings: Record<string, string> = {};
  const rawSettings = o["settings"];
  if (rawSettings !== undefined && rawSettings !== null) {
    if (typeof rawSettings !== "object" || Array.isArray(rawSettings)) {
      r.problem(
        [...path, "settings"],
        `expected a mapping of setting keys to values, got ${shown(rawSettings)}`,
      );
    } else {
      for (const [key, value] of Object.entries(rawSettings as Obj)) {
        const at = [...path, "settings", key];
        if (typeof value === "string") settings[key] = r.interpolate(value, at);
        else if (typeof value === "number" || typeof value === "boolean") settings[key] = String(value);
        else r.problem(at, `expected a string, number or boolean, got ${shown(value)}`);
      }
    }
  }
  let credentials: FlowCredentials | null = null;
  if (o["credentials"] !== undefined && o["credentials"] !== null) {
    const at = [...path, "credentials"];
    const c = r.object(o["credentials"], at, ["secret", "authenticationType"]);
    if (c) {
      const secret = r.string(c, "secret", at);
      if (secret !== null && !/^(env:|file:|arn:)/.test(secret)) {
        r.problem(
          [...at, "secret"],
          "must be a reference (env:NAME, file:path or a Secrets Manager ARN), never the secret itself",
        );
      }
      credentials = { secret: secret ?? "", authenticationType: r.string(c, "authenticationType", at, null) };
    }
  }
  return {
    connector,
    settings,
    credentials,
    apiVersion: r.string(o, "apiVersion", path, null),
    entity: r.string(o, "entity", path) ?? "",
  };
}

function readSource(r: Reader, value: Json): FlowSource {
  const path = ["source"];
  const keys = [
    "connector",
    "settings",
    "credentials",
    "apiVersion",
    "entity",
    "fields",
    "filter",
    "pageSize",
  ];
  const o = value === undefined ? null : r.object(value, path, keys);
  if (!o) return { ...PLACEHOLDER_ENDPOINT, fields: null, filter: null, pageSize: FLOW_DEFAULTS.pageSize };
  const filter = r.string(o, "filter", path, null);
  if (filter !== null) {
    try {
      parseFilter(filter);
    } catch (error) {
      r.problem([...path, "filter"], (error as Error).message);
    }
  }
  return {
    ...readEndpoint(r, o, path),
    fields: r.strings(o, "fields", path, false),
    filter,
    pageSize: r.integer(o, "pageSize", path, FLOW_DEFAULTS.pageSize, 1, 10_000),
  };
}

function readDestination(r: Reader, value: Json): FlowDestination {
  const path = ["destination"];
  const keys = [
    "connector",
    "settings",
    "credentials",
    "apiVersion",
    "entity",
    "operation",
    "idFieldNames",
    "allOrNone",
    "batchSize",
    "writesInFlight",
  ];
  const o = value === undefined ? null : r.object(value, path, keys);
  if (!o) {
    return {
      ...PLACEHOLDER_ENDPOINT,
      operation: FLOW_DEFAULTS.operation,
      idFieldNames: [],
      allOrNone: false,
      batchSize: FLOW_DEFAULTS.batchSize,
      writesInFlight: FLOW_DEFAULTS.writesInFlight,
    };
  }
  const operation =
    r.oneOf<WriteOperationType>(o, "operation", path, WRITE_OPERATION_TYPES, FLOW_DEFAULTS.operation) ??
    FLOW_DEFAULTS.operation;
  const idFieldNames = r.strings(o, "idFieldNames", path, false) ?? [];
  return {
    ...readEndpoint(r, o, path),
    operation,
    idFieldNames,
    allOrNone: r.boolean(o, "allOrNone", path, false),
    batchSize: r.integer(o, "batchSize", path, FLOW_DEFAULTS.batchSize, 1, 10_000),
    writesInFlight: r.integer(o, "writesInFlight", path, FLOW_DEFAULTS.writesInFlight, 1, 8),
  };
}

function readTask(r: Reader, value: Json, index: number): FlowTask | null {
  const path: Path = ["tasks", index];
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    r.problem(path, `expected a task mapping with a type, got ${shown(value)}`);
    return null;
  }
  const type = r.oneOf(value as Obj, "type", path, Object.keys(TASK_KEYS));
  if (type === null) return null;
  const spec = TASK_KEYS[type]!;
  const o = r.object(value, path, ["type", ...spec.required, ...spec.optional]);
  if (!o) return null;
  const field = () => r.string(o, "field", path) ?? "";
  switch (type) {
    case "Map":
      return {
        type,
        source: r.string(o, "source", path) ?? "",
        destination: r.string(o, "destination", path) ?? "",
        keepSource: r.boolean(o, "keepSource", path, false),
      };
    case "Filter": {
      const expression = r.string(o, "expression", path) ?? "";
      try {
        if (expression !== "") parseFilter(expression);
      } catch (error) {
        r.problem([...path, "expression"], (error as Error).message);
      }
      return { type, expression };
    }
    case "Mask": {
      const operator = r.oneOf(o, "operator", path, MASK_OPERATORS) ?? "MASK_ALL";
      const n = operator === "MASK_ALL" ? 0 : r.integer(o, "n", path, undefined, 1);
      const maskValue = r.string(o, "maskValue", path, "*") ?? "*";
      return { type, operator, field: field(), n, maskValue };
    }
    case "Truncate":
      return { type, field: field(), length: r.integer(o, "length", path, undefined, 0) };
    case "Validate":
      return {
        type,
        operator: r.oneOf(o, "operator", path, VALIDATE_OPERATORS) ?? "VALIDATE_NON_NULL",
        field: field(),
        action: validationAction(r.oneOf(o, "action", path, VALIDATION_ACTIONS, "DropRecord")),
      };
    case "Arithmetic": {
      const operator = r.oneOf(o, "operator", path, ARITHMETIC_OPERATORS) ?? "ADDITION";
      const fields = r.strings(o, "fields", path, true, 2);
      if (fields && fields.length !== 2) r.problem([...path, "fields"], "expected exactly two field names");
      return {
        type,
        operator,
        fields: [fields?.[0] ?? "", fields?.[1] ?? ""],
        destination: r.string(o, "destination", path) ?? "",
      };
    }
    case "Merge":
      return {
        type,
        fields: r.strings(o, "fields", path, true) ?? [],
        separator:
          typeof o["separator"] === "string" ? o["separator"] : (r.string(o, "separator", path, "") ?? ""),
        destination: r.string(o, "destination", path) ?? "",
      };
    default:
      return { type: "Drop", fields: r.strings(o, "fields", path, true) ?? [] };
  }
}

/** `lookBack`: a duration, or 0 / "0" to turn it off. Absent: the runner's default. */
function lookBackOf(r: Reader, o: Obj, path: Path): { lookBackMs?: number } {
  const value = o["lookBack"];
  if (value === undefined || value === null) return {};
  if (value === 0 || (typeof value === "string" && /^\s*0+\s*(ms|s|m|h|d|w)?\s*$/.test(value))) {
    return { lookBackMs: 0 };
  }
  const ms = r.duration(o, "lookBack", path);
  return ms === null ? {} : { lookBackMs: ms };
}

/**
 * The trigger's `schedule` (`rate(…)` or `cron(…)`) or `cron` (`cron(…)` or its six bare fields), AppFlow's
 * expressions; at most one of `every`, `schedule` and `cron`.
 */
function scheduleOf(r: Reader, o: Obj, path: Path): ScheduleExpression | null {
  const given = ["every", "schedule", "cron"].filter((k) => o[k] !== undefined && o[k] !== null);
  if (given.length > 1) {
    r.problem([...path, given[1]!], `give only one of ${given.join(", ")}`);
    return null;
  }
  const key = given[0];
  if (key !== "schedule" && key !== "cron") return null;
  const text = r.string(o, key, path);
  if (text === null) return null;
  try {
    const parsed = parseScheduleExpression(text, { bareCron: key === "cron" });
    if (key === "cron" && parsed.kind !== "cron") {
      r.problem([...path, key], `expects a cron expression; write ${text} under schedule instead`);
      return null;
    }
    return parsed;
  } catch (error) {
    if (!(error instanceof ScheduleExpressionError)) throw error;
    r.problem([...path, key], error.message);
    return null;
  }
}

/** An instant with its zone (`Z` or `±hh:mm`), so a flow file means the same time on every machine. */
const ZONED_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/;

/** The trigger's `start` and `end` (AppFlow's scheduleStartTime and scheduleEndTime), end after start. */
function windowOf(r: Reader, o: Obj, path: Path): ScheduleWindow {
  const window: ScheduleWindow = {};
  for (const [key, into] of [
    ["start", "startsAt"],
    ["end", "endsAt"],
  ] as const) {
    const text = r.string(o, key, path, null);
    if (text === null) continue;
    const ms = ZONED_TIME.test(text) ? Date.parse(text) : Number.NaN;
    if (Number.isNaN(ms)) {
      r.problem(
        [...path, key],
        `expects an ISO 8601 time with its zone, such as 2026-12-07T06:00:00Z, got ${text}`,
      );
    } else window[into] = ms;
  }
  if (window.startsAt !== undefined && window.endsAt !== undefined && window.endsAt <= window.startsAt) {
    r.problem([...path, "end"], "is not after start");
  }
  return window;
}

function readTrigger(r: Reader, value: Json): FlowTrigger {
  if (value === undefined || value === null) return { type: "onDemand" };
  const path = ["trigger"];
  const o = r.object(value, path, [
    "type",
    "every",
    "schedule",
    "cron",
    "field",
    "firstRunWindow",
    "lookBack",
    "start",
    "end",
  ]);
  if (!o) return { type: "onDemand" };
  const type = r.oneOf(o, "type", path, TRIGGER_TYPES) ?? "onDemand";
  const every = r.duration(o, "every", path);
  const allow = (key: string, ok: boolean) => {
    if (!ok && o[key] !== undefined) r.problem([...path, key], `is not used by a ${type} trigger`);
  };
  allow("field", type === "incremental");
  allow("firstRunWindow", type === "incremental");
  allow("lookBack", type === "incremental");
  allow("every", type !== "onDemand");
  allow("schedule", type !== "onDemand");
  allow("cron", type !== "onDemand");
  allow("start", type !== "onDemand");
  allow("end", type !== "onDemand");
  const schedule = type === "onDemand" ? null : scheduleOf(r, o, path);
  const window = type === "onDemand" ? {} : windowOf(r, o, path);
  const timing = schedule
    ? { everyMs: schedule.kind === "rate" ? schedule.everyMs : null, schedule: schedule.text }
    : { everyMs: every };
  switch (type) {
    case "scheduled":
      if (every === null && ["every", "schedule", "cron"].every((k) => o[k] === undefined))
        r.problem(
          [...path, "every"],
          'is required for a scheduled trigger (every: 15m, schedule: "rate(15 minutes)" or cron: "cron(0/15 * * * ? *)")',
        );
      return { type, ...timing, everyMs: timing.everyMs ?? (schedule ? null : 60_000), ...window };
    case "incremental":
      return {
        type,
        field: r.string(o, "field", path) ?? "",
        firstRunWindowMs: r.duration(o, "firstRunWindow", path) ?? FLOW_DEFAULTS.firstRunWindowMs,
        ...timing,
        ...lookBackOf(r, o, path),
        ...window,
      };
    default:
      return { type: "onDemand" };
  }
}

function readErrors(r: Reader, value: Json): FlowErrorPolicy {
  if (value === undefined || value === null) return { failOnError: false, file: null };
  const o = r.object(value, ["errors"], ["failOnError", "file"]) ?? {};
  return {
    failOnError: r.boolean(o, "failOnError", ["errors"], false),
    file: r.string(o, "file", ["errors"], null),
  };
}

/**
 * Parses a flow file's text (YAML, or JSON which is YAML too) and checks every key. Throws a
 * {@link FlowFileError} listing every problem, each with its line, column and key path.
 */
export function parseFlowText(text: string, options: ParseFlowOptions = {}): FlowDefinition {
  const file = options.file ?? null;
  const baseDir = options.baseDir ?? (file ? dirname(resolve(file)) : process.cwd());
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    if (offset === undefined) return { line: 0, column: 0 };
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    throw new FlowFileError(
      file,
      doc.errors.map((e) => ({ path: "", ...at(e.pos[0]), message: e.message.split("\n")[0] ?? e.message })),
    );
  }
  const root: Json = doc.toJS();
  const reader = new Reader({ ...(options.env ?? process.env), FLOW_DIR: baseDir });
  const o =
    reader.object(root, [], ["name", "description", "source", "destination", "tasks", "trigger", "errors"]) ??
    {};
  const name = reader.string(o, "name", []) ?? "";
  if (name !== "" && !NAME_PATTERN.test(name)) {
    reader.problem(["name"], "use letters, digits, '.', '_' and '-' only (at most 128 characters)");
  }
  if (o["source"] === undefined) reader.problem(["source"], "is required");
  if (o["destination"] === undefined) reader.problem(["destination"], "is required");
  const rawTasks = o["tasks"];
  if (rawTasks !== undefined && rawTasks !== null && !Array.isArray(rawTasks)) {
    reader.problem(["tasks"], `expected a list of tasks, got ${shown(rawTasks)}`);
  }
  const flow: FlowDefinition = {
    name,
    description: reader.string(o, "description", [], null),
    source: readSource(reader, o["source"]),
    destination: readDestination(reader, o["destination"]),
    tasks: (Array.isArray(rawTasks) ? rawTasks : [])
      .map((t, i) => readTask(reader, t, i))
      .filter((t): t is FlowTask => t !== null),
    trigger: readTrigger(reader, o["trigger"]),
    errors: readErrors(reader, o["errors"]),
    baseDir,
    file: file ? resolve(file) : null,
  };
  if (reader.problems.length > 0) {
    const problems: FlowProblem[] = reader.problems.map(({ path, message }) => {
      // The key's own position, else its nearest parent's (for a missing key).
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) {
          const keyOffset = n > 0 ? keyOffsetOf(doc, path.slice(0, n)) : undefined;
          return { path: pathText(path), ...at(keyOffset ?? node.range[0]), message };
        }
      }
      return { path: pathText(path), line: 0, column: 0, message };
    });
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new FlowFileError(file, problems);
  }
  return flow;
}

/** The offset of the key naming `path`'s last part (where a reader looks), when it is a map key. */
function keyOffsetOf(doc: ReturnType<typeof parseDocument>, path: Path): number | undefined {
  const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
  const last = path[path.length - 1];
  if (!parent || typeof parent !== "object" || !("items" in parent) || typeof last !== "string")
    return undefined;
  for (const item of (parent as { items: unknown[] }).items) {
    const key = (item as { key?: unknown }).key;
    if (isNode(key) && (key as { value?: unknown }).value === last) return key.range?.[0];
  }
  return undefined;
}

/** Reads and parses a flow file (`.yaml`, `.yml` or `.json`). */
export async function readFlowFile(
  path: string,
  options: Omit<ParseFlowOptions, "file"> = {},
): Promise<FlowDefinition> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new FlowFileError(file, [{ path: "", line: 0, column: 0, message: "cannot read the flow file" }]);
  }
  return parseFlowText(text, { ...options, file });
}
