import type { LogLevel } from "../core/log/logger.js";
import type { CommandIo } from "./command.js";

const LEVEL_TAG: Record<string, string> = { debug: "DEBUG", info: "INFO ", warn: "WARN ", error: "ERROR" };

function shown(value: unknown): string {
  if (typeof value === "string") return /[\s"]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/**
 * One JSON log line (as the SDK's logger writes it, already redacted) as a person reads it on a terminal:
 * level, message and fields; an error as `name: message`, its stack only when `withStack`.
 */
export function humanLogLine(line: string, withStack: boolean): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const { time: _time, level, msg, ...fields } = entry;
  const parts = [`${LEVEL_TAG[String(level)] ?? String(level)} ${String(msg ?? "")}`];
  const stacks: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const error = value as { name?: unknown; message?: unknown; stack?: unknown } | null;
    if (error && typeof error === "object" && typeof error.message === "string") {
      parts.push(`${key}=${shown(`${String(error.name ?? "Error")}: ${error.message}`)}`);
      if (withStack && typeof error.stack === "string") stacks.push(error.stack);
    } else parts.push(`${key}=${shown(value)}`);
  }
  return [parts.join("  "), ...stacks].join("\n");
}

/**
 * Where a command's connector logs go: JSON lines on stderr, or readable lines when stderr is a terminal
 * (stacks only at the `debug` level).
 */
export function logWriter(io: CommandIo, level: LogLevel): (line: string) => void {
  if (!io.stderrIsTTY) return (line) => io.stderr(`${line}\n`);
  return (line) => io.stderr(`${humanLogLine(line, level === "debug")}\n`);
}
