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
  /** A logger that adds `fields` to every line. */
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

/** A logger writing one JSON object per line: `{"time","level","msg",…fields}`. */
export function createJsonLogger(options: JsonLoggerOptions = {}): Logger {
  const threshold = RANK[options.level ?? levelFromEnv()];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const redact = options.redact ?? ((text: string) => text);
  const now = options.now ?? Date.now;
  const make = (base: LogFields): Logger => {
    const emit = (level: LogLevel, message: string, fields?: LogFields) => {
      if (RANK[level] < threshold) return;
      const entry: LogFields = { time: new Date(now()).toISOString(), level, msg: message, ...base };
      if (fields) for (const [key, value] of Object.entries(fields)) entry[key] = errorFields(value);
      let line: string;
      try {
        line = JSON.stringify(entry);
      } catch {
        line = JSON.stringify({ time: entry["time"], level, msg: message, note: "fields not serializable" });
      }
      write(redact(line));
    };
    return {
      debug: (m, f) => emit("debug", m, f),
      info: (m, f) => emit("info", m, f),
      warn: (m, f) => emit("warn", m, f),
      error: (m, f) => emit("error", m, f),
      child: (fields) => make({ ...base, ...fields }),
    };
  };
  return make(options.fields ?? {});
}

/** A logger that drops everything. */
export const silentLogger: Logger = createJsonLogger({ level: "silent", write: () => {} });
