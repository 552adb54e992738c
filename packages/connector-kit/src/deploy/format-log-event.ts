import type { LogEvent } from "./logs.js";

/** Options of {@link formatLogEvent}. */
export interface FormatLogEventOptions {
  /** Show connector-kit's JSON log lines as `time LEVEL message key=value`. Default: false (the raw line). */
  pretty?: boolean;
}

const LAMBDA_TEXT_PREFIX = /^(\S+)\t(\S+)\t(\w+)\t/;

function jsonLogLine(message: string): Record<string, unknown> | undefined {
  const text = message.replace(LAMBDA_TEXT_PREFIX, "").trim();
  if (!text.startsWith("{")) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value === "object" && value !== null && "msg" in value && "level" in value) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON: shown as it is
  }
  return undefined;
}

function fieldText(value: unknown): string {
  return typeof value === "string" && !/\s/.test(value) ? value : JSON.stringify(value);
}

/**
 * One log event as a line: `<ISO time> <message>`; with `pretty`, connector-kit's JSON log lines become
 * `<ISO time> <LEVEL> <msg> key=value ...`.
 */
export function formatLogEvent(event: LogEvent, options: FormatLogEventOptions = {}): string {
  const time = new Date(event.timestamp).toISOString();
  const message = event.message.replace(/\s+$/, "");
  if (options.pretty) {
    const entry = jsonLogLine(message);
    if (entry) {
      const { time: _time, level, msg, ...fields } = entry;
      const rest = Object.entries(fields).map(([k, v]) => `${k}=${fieldText(v)}`);
      return [time, String(level).toUpperCase().padEnd(5), String(msg), ...rest].join(" ");
    }
  }
  return `${time} ${message}`;
}
