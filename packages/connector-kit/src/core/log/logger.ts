/** Log levels, quietest last. */
export const LOG_LEVELS = ["debug", "info", "warn", "error", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export type LogFields = Record<string, unknown>;

/** Structured logger. Every message and field value passes through the redactor before it is written. */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line (read when a line is written, so do not change them after). */
  child(fields: LogFields): Logger;
}

export interface JsonLoggerOptions {
  /** Lowest level written. Default: `process.env.LOG_LEVEL` when valid, else `"info"`. */
  level?: LogLevel;
  /** Where a finished line goes. Default: `process.stdout.write(line + "\n")` (CloudWatch reads stdout). */
  write?: (line: string) => void;
  /** Applied to every finished line, to hide secret values. Default: identity. */
  redact?: (text: string) => string;
  /** Fields added to every line. Default: none. */
  fields?: LogFields;
  /** Clock for the `time` field. Default: `Date.now`. */
  now?: () => number;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function levelFromEnv(): LogLevel {
  const value = typeof process !== "undefined" ? process.env["LOG_LEVEL"]?.toLowerCase() : undefined;
  return (LOG_LEVELS as readonly string[]).includes(value ?? "") ? (value as LogLevel) : "info";
}

function errorFields(value: unknown): unknown {
  if (!(value instanceof Error)) return value;
  const out: LogFields = { name: value.name, message: value.message };
  if ("code" in value) out["code"] = (value as { code: unknown }).code;
  if (value.stack) out["stack"] = value.stack;
  if (value.cause !== undefined) out["cause"] = errorFields(value.cause);
  return out;
}

interface Sink {
  threshold: number;
  write: (line: string) => void;
  redact: (text: string) => string;
  now: () => number;
}

/** A class, not closures: hosts create a child per request, which must cost next to nothing. */
class JsonLogger implements Logger {
  readonly #sink: Sink;
  readonly #base: LogFields;
  /** A child's own fields, merged into the base only when a line is written: most children write none. */
  readonly #own: LogFields | undefined;

  constructor(sink: Sink, base: LogFields, own?: LogFields) {
    this.#sink = sink;
    this.#base = base;
    this.#own = own;
  }

  #emit(level: LogLevel, message: string, fields?: LogFields): void {
    const sink = this.#sink;
    if (RANK[level] < sink.threshold) return;
    const entry: LogFields = {
      time: new Date(sink.now()).toISOString(),
      level,
      msg: message,
      ...this.#base,
      ...this.#own,
    };
    if (fields) for (const [key, value] of Object.entries(fields)) entry[key] = errorFields(value);
    let line: string;
    try {
      line = JSON.stringify(entry);
    } catch {
      line = JSON.stringify({ time: entry["time"], level, msg: message, note: "fields not serializable" });
    }
    sink.write(sink.redact(line));
  }

  debug(message: string, fields?: LogFields): void {
    this.#emit("debug", message, fields);
  }
  info(message: string, fields?: LogFields): void {
    this.#emit("info", message, fields);
  }
  warn(message: string, fields?: LogFields): void {
    this.#emit("warn", message, fields);
  }
  error(message: string, fields?: LogFields): void {
    this.#emit("error", message, fields);
  }
  child(fields: LogFields): Logger {
    return this.#own === undefined
      ? new JsonLogger(this.#sink, this.#base, fields)
      : new JsonLogger(this.#sink, { ...this.#base, ...this.#own }, fields);
  }
}

/** A logger writing one JSON object per line: `{"time","level","msg",…fields}`. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const sink: Sink = {
    threshold: RANK[options.level ?? levelFromEnv()],
    write: options.write ?? ((line: string) => process.stdout.write(`${line}\n`)),
    redact: options.redact ?? ((text: string) => text),
    now: options.now ?? Date.now,
  };
  return new JsonLogger(sink, options.fields ?? {});
}

/** A logger that drops everything. */
export const silentLogger: Logger = createJsonLogger({ level: "silent", write: () => {} });
