import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { awsClientConfig } from "../../deploy/aws-client-options.js";
import {
  type AppFlowCall,
  AppFlowDeployError,
  deployAppFlowFlow,
} from "../../flow/appflow/appflow-flow-client.js";
import { AppFlowMappingError } from "../../flow/appflow/appflow-mapping-error.js";
import { type FlowSide, flowToAppFlow } from "../../flow/appflow/flow-to-appflow.js";
import { readSettingScopes } from "../../flow/appflow/setting-scopes.js";
import type { FlowDefinition } from "../../flow/flow-definition.js";
import { type CommandIo, type FlagSpec, UsageError } from "../command.js";
import { AWS_FLAGS, awsOptionsFromFlags } from "./deploy.js";
import { type FlowFlags, loadFlowFile } from "./flow-shared.js";

/** Flags of `connector flow deploy`, `start` and `status`. */
export const APPFLOW_FLAGS: Record<string, FlagSpec> = {
  ...AWS_FLAGS,
  "dry-run": { type: "boolean", description: "deploy: print every AppFlow request, and make no call" },
  bucket: { type: "string", valueName: "name", description: "deploy: S3 bucket of a JSON-lines destination" },
  "bucket-prefix": {
    type: "string",
    valueName: "prefix",
    description: "deploy: key prefix in that bucket (default: the destination entity)",
  },
  "schedule-start": {
    type: "string",
    valueName: "time",
    description:
      "deploy: when a scheduled flow starts, ISO 8601 (default: the trigger's start, else on activation)",
  },
  "source-connector-label": {
    type: "string",
    valueName: "label",
    description: "deploy: the source's label in AppFlow (default for lambda:<arn>: the function name)",
  },
  "destination-connector-label": {
    type: "string",
    valueName: "label",
    description: "deploy: the destination's label in AppFlow (default for lambda:<arn>: the function name)",
  },
  "source-secret-arn": {
    type: "string",
    valueName: "arn",
    description: "deploy: Secrets Manager secret for the source's env:/file: credentials",
  },
  "destination-secret-arn": {
    type: "string",
    valueName: "arn",
    description: "deploy: Secrets Manager secret for the destination's env:/file: credentials",
  },
  "source-profile": {
    type: "string",
    valueName: "name",
    description:
      "deploy: use this existing connector profile for the source (default: <flow>-source, written)",
  },
  "destination-profile": {
    type: "string",
    valueName: "name",
    description:
      "deploy: use this existing connector profile for the destination (default: <flow>-destination)",
  },
};

function text(flags: FlowFlags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

/** The AppFlow client configuration from `--region`, `--endpoint-url` and the environment. */
export function appflowClientConfig(flags: FlowFlags, io: CommandIo) {
  return awsClientConfig(awsOptionsFromFlags(flags, io));
}

/** A flow file's flow name, or the argument itself when it is a name (no such file, no flow-file extension). */
export async function flowNameOf(arg: string | undefined, io: CommandIo, usage: string): Promise<string> {
  if (!arg) throw new UsageError(`Usage: ${usage}`);
  if (/\.(ya?ml|json)$/i.test(arg) || existsSync(resolve(io.cwd, arg)))
    return (await loadFlowFile(arg, io)).name;
  return arg;
}

function callText(call: AppFlowCall, dryRun: boolean): string {
  if (!dryRun) return `  appflow ${call.operation}: ${call.outcome ?? "done"}\n`;
  return `  appflow ${call.operation} (${call.when})\n${JSON.stringify(call.input, null, 2).replace(/^/gm, "      ")}\n`;
}

function sidesOf(flags: FlowFlags, suffix: string): Partial<Record<FlowSide, string>> {
  const out: Partial<Record<FlowSide, string>> = {};
  for (const side of ["source", "destination"] as const) {
    const value = text(flags, `${side}-${suffix}`);
    if (value !== undefined) out[side] = value;
  }
  return out;
}

/** `connector flow deploy <flow-file>`: creates or updates the flow on Amazon AppFlow. */
export async function flowDeploy(positionals: string[], flags: FlowFlags, io: CommandIo): Promise<number> {
  const flow: FlowDefinition = await loadFlowFile(positionals[0], io);
  const clientConfig = appflowClientConfig(flags, io);
  const existing = sidesOf(flags, "profile");
  const startText = text(flags, "schedule-start");
  const scheduleStartTime = startText === undefined ? undefined : new Date(startText);
  if (scheduleStartTime && Number.isNaN(scheduleStartTime.getTime())) {
    throw new UsageError(
      `--schedule-start must be an ISO 8601 time such as 2026-12-07T06:00:00Z, got ${startText}`,
    );
  }
  const dryRun = flags["dry-run"] === true;
  // Which settings belong to the profile and which to the flow: the connector itself says.
  const { scopes, failures } = await readSettingScopes(flow);
  if (failures.length > 0 && !dryRun) {
    throw new AppFlowDeployError(failures.map((f) => f.message).join("; "));
  }
  let plan: ReturnType<typeof flowToAppFlow>;
  try {
    plan = flowToAppFlow(flow, {
      settingScopes: scopes,
      connectorLabels: sidesOf(flags, "connector-label"),
      profileNames: existing,
      existingProfiles: Object.keys(existing) as FlowSide[],
      secretArns: sidesOf(flags, "secret-arn"),
      ...(text(flags, "bucket") ? { bucket: text(flags, "bucket") } : {}),
      ...(text(flags, "bucket-prefix") ? { bucketPrefix: text(flags, "bucket-prefix") } : {}),
      ...(scheduleStartTime ? { scheduleStartTime } : {}),
    });
  } catch (error) {
    // The flow file says something AppFlow cannot do: a usage error, before any call.
    if (error instanceof AppFlowMappingError) {
      throw new UsageError(error.message, { problems: error.problems });
    }
    throw error;
  }
  const json = flags["json"] === true;
  for (const failure of failures) {
    plan.notes.push(`${failure.message}; this dry run shows every ${failure.side} setting on the profile`);
  }
  if (!json) {
    for (const note of plan.notes) io.stderr(`note: ${note}\n`);
    io.stdout(
      dryRun
        ? `Dry run: these AppFlow calls would be made for ${plan.flowName}\n`
        : `Deploying ${plan.flowName} to AppFlow in ${clientConfig.region}\n`,
    );
  }
  const result = await deployAppFlowFlow(plan, {
    clientConfig,
    dryRun,
    ...(json ? {} : { onCall: (call: AppFlowCall) => io.stdout(callText(call, dryRun)) }),
  });
  if (json) io.stdout(`${JSON.stringify({ ...result, notes: plan.notes }, null, 2)}\n`);
  else if (!dryRun) {
    io.stdout(
      `Flow ${result.flowName} ${result.flow}: ${result.flowArn ?? ""} (${result.flowStatus ?? "status unknown"})\n`,
    );
    io.stdout(
      `  run it    connector flow start ${positionals[0]}\n  status    connector flow status ${result.flowName}\n`,
    );
  }
  return 0;
}
