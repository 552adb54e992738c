import { formatLogEvent } from "../../deploy/format-log-event.js";
import {
  DEFAULT_LOG_LIMIT,
  DEFAULT_SINCE,
  fetchLogEvents,
  type LogsScope,
  queryLogs,
} from "../../deploy/logs.js";
import { parseTimeSpec } from "../../deploy/since.js";
import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { table } from "../table.js";
import { AWS_FLAGS, awsOptionsFromFlags } from "./deploy.js";

function checkTime(value: unknown, name: string): string | undefined {
  if (typeof value !== "string") return undefined;
  try {
    parseTimeSpec(value);
  } catch (error) {
    throw new UsageError(`--${name}: ${(error as Error).message}`);
  }
  return value;
}

export const logsCommand: Command = {
  name: "logs",
  usage: "<function-name>",
  flags: {
    ...COMMON_FLAGS,
    since: {
      type: "string",
      valueName: "time",
      description: `Start: a duration before now (15m, 2h, 1d) or an ISO time (default: ${DEFAULT_SINCE})`,
    },
    until: { type: "string", valueName: "time", description: "End, in the same forms (default: now)" },
    filter: {
      type: "string",
      valueName: "pattern",
      description: "CloudWatch Logs filter pattern, e.g. ERROR or '{ $.level = \"error\" }'",
    },
    query: {
      type: "string",
      valueName: "insights-query",
      description:
        "Run this Logs Insights query instead, e.g. 'fields @timestamp, @message | sort @timestamp desc'",
    },
    limit: {
      type: "string",
      valueName: "n",
      description: `Most events or rows (default: ${DEFAULT_LOG_LIMIT})`,
    },
    "log-group": {
      type: "string",
      valueName: "name",
      description: "Log group (default: /aws/lambda/<function-name>)",
    },
    pretty: {
      type: "boolean",
      description: "Show the connector's JSON log lines as text (default: on a terminal)",
    },
    raw: { type: "boolean", description: "Show log lines as they are" },
    ...AWS_FLAGS,
  },
  examples: [
    "connector logs planets-connector --since 2h",
    "connector logs planets-connector --filter '{ $.level = \"error\" }' --json",
    "connector logs planets-connector --since 1d --query 'filter @message like /appflow/ | fields @timestamp, @message | sort @timestamp desc'",
  ],
  async run({ positionals, flags }, io) {
    const [functionName] = positionals;
    const logGroupName = typeof flags["log-group"] === "string" ? flags["log-group"] : undefined;
    if ((!functionName && !logGroupName) || positionals.length > 1) {
      throw new UsageError("Usage: connector logs <function-name>");
    }
    const limitText = flags["limit"];
    if (limitText !== undefined && (typeof limitText !== "string" || !/^[1-9]\d*$/.test(limitText))) {
      throw new UsageError("--limit must be a positive integer");
    }
    const since = checkTime(flags["since"], "since");
    const until = checkTime(flags["until"], "until");
    const scope: LogsScope = {
      ...awsOptionsFromFlags(flags, io),
      ...(functionName ? { functionName } : {}),
      ...(logGroupName ? { logGroupName } : {}),
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
    };
    const limit = limitText ? Number(limitText) : undefined;
    const json = flags["json"] === true;

    if (typeof flags["query"] === "string") {
      const r = await queryLogs({
        ...scope,
        query: flags["query"],
        ...(limit ? { limit } : {}),
        ...(io.env["CONNECTOR_KIT_LOGS_POLL_MS"]
          ? { pollIntervalMs: Number(io.env["CONNECTOR_KIT_LOGS_POLL_MS"]) }
          : {}),
      });
      if (json) io.stdout(`${JSON.stringify(r, null, 2)}\n`);
      else if (r.rows.length === 0) io.stdout("No results\n");
      else {
        const columns = [...new Set(r.rows.flatMap((row) => Object.keys(row)))];
        io.stdout(
          table(
            columns,
            r.rows.map((row) => columns.map((c) => (row[c] ?? "").replace(/\s+$/, ""))),
          ),
        );
      }
      return 0;
    }

    const pretty = flags["raw"] !== true && (flags["pretty"] === true || process.stdout.isTTY === true);
    const r = await fetchLogEvents({
      ...scope,
      ...(typeof flags["filter"] === "string" ? { filterPattern: flags["filter"] } : {}),
      ...(limit ? { limit } : {}),
      onEvent: (event) => io.stdout(`${json ? JSON.stringify(event) : formatLogEvent(event, { pretty })}\n`),
    });
    if (!json && r.events.length === 0) io.stderr(`No log events in ${r.logGroupName} for that time\n`);
    if (!json && r.truncated) io.stderr(`Stopped after ${r.events.length} events (--limit)\n`);
    return 0;
  },
};
