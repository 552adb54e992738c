import { COMMON_FLAGS, type Command, UsageError } from "../command.js";
import { APPFLOW_FLAGS, flowDeploy } from "./flow-deploy.js";
import { flowHistory } from "./flow-history.js";
import { flowRun } from "./flow-run.js";
import { flowSchedule } from "./flow-schedule.js";
import { loadFlowFile } from "./flow-shared.js";
import { flowShow } from "./flow-show.js";
import { flowStart } from "./flow-start.js";
import { flowStatus } from "./flow-status.js";

const SUBCOMMANDS = ["run", "schedule", "history", "show", "validate", "deploy", "start", "status"];

/** `connector flow`: run flows between two connectors locally, the way AppFlow would, or deploy them to AppFlow. */
export const flowCommand: Command = {
  name: "flow",
  usage: "<run|schedule|history|show|validate|deploy|start|status> [flow-file|flow-name] [run-id]",
  flags: {
    ...COMMON_FLAGS,
    "state-dir": {
      type: "string",
      valueName: "dir",
      description: "State directory (default: .connector/state next to the flow file)",
    },
    reset: {
      type: "boolean",
      description: "run: forget the watermark and checkpoint first (a full first run)",
    },
    progress: {
      type: "string",
      valueName: "mode",
      description: "Progress on stderr: auto (default), tty, plain or none",
    },
    via: {
      type: "string",
      valueName: "path",
      description:
        "run/schedule: in-process (default: records as objects) or lambda (AppFlow's JSON events, as Lambda runs them)",
    },
    flow: { type: "string", valueName: "name", description: "history: only this flow's runs" },
    limit: { type: "string", valueName: "n", description: "history, status: how many runs (default 20)" },
    errors: {
      type: "string",
      valueName: "n",
      description: "show: how many record errors to show (default 5)",
    },
    "max-runs": {
      type: "string",
      valueName: "n",
      description: "schedule: stop after n runs (default: never)",
    },
    "log-level": {
      type: "string",
      valueName: "level",
      description: "Connector log level on stderr: debug, info, warn, error (default), silent",
    },
    ...APPFLOW_FLAGS,
  },
  examples: [
    "connector flow run flows/orders-to-jsonl.yaml",
    "connector flow run flows/orders-to-jsonl.yaml --reset --progress plain",
    "connector flow run flows/orders-to-jsonl.yaml --via lambda",
    "connector flow schedule flows/orders-to-jsonl.yaml flows/customers.yaml",
    "connector flow history flows/orders-to-jsonl.yaml",
    "connector flow show 3 flows/orders-to-jsonl.yaml",
    "connector flow validate flows/orders-to-jsonl.yaml",
    "connector flow deploy flows/orders.yaml --region us-east-1 --dry-run",
    "connector flow deploy flows/orders-to-jsonl.yaml --source-connector-label orders --source-secret-arn arn:aws:secretsmanager:us-east-1:123456789012:secret:pg-AbCdEf --bucket my-bucket --region us-east-1",
    "connector flow start flows/orders.yaml --region us-east-1",
    "connector flow status orders-sync --limit 5 --region us-east-1",
  ],
  async run({ positionals, flags }, io) {
    const [sub, ...rest] = positionals;
    switch (sub) {
      case "run":
        return flowRun(rest, flags, io);
      case "schedule":
        return flowSchedule(rest, flags, io);
      case "history":
        return flowHistory(rest, flags, io);
      case "show":
        return flowShow(rest, flags, io);
      case "deploy":
        return flowDeploy(rest, flags, io);
      case "start":
        return flowStart(rest, flags, io);
      case "status":
        return flowStatus(rest, flags, io);
      case "validate": {
        const flow = await loadFlowFile(rest[0], io);
        io.stdout(
          flags["json"]
            ? `${JSON.stringify({ valid: true, name: flow.name })}\n`
            : `${flow.file}: flow ${flow.name} is valid (${flow.tasks.length} tasks, ${flow.trigger.type} trigger)\n`,
        );
        return 0;
      }
      default:
        throw new UsageError(
          sub
            ? `Unknown flow command "${sub}"; expected one of ${SUBCOMMANDS.join(", ")}`
            : `Usage: connector flow <${SUBCOMMANDS.join("|")}> …`,
        );
    }
  },
};
