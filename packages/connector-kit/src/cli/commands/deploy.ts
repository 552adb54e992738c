import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type AwsClientOptions, credentialsFromEnv } from "../../deploy/aws-client-options.js";
import { type DeployCall, deployConnector } from "../../deploy/deploy.js";
import { packageConnector } from "../../deploy/package-connector.js";
import { COMMON_FLAGS, type Command, type CommandIo, type FlagSpec, UsageError } from "../command.js";
import { commandTarget, shownModule } from "../config/command-target.js";
import { formatBytes, RUNTIME_FLAG, runtimeFlag } from "./package.js";

/** Flags saying how to reach AWS, shared by `deploy` and `logs`. */
export const AWS_FLAGS: Record<string, FlagSpec> = {
  region: {
    type: "string",
    valueName: "region",
    description: "AWS Region (default: AWS_REGION or AWS_DEFAULT_REGION)",
  },
  "endpoint-url": {
    type: "string",
    valueName: "url",
    description: "Send the AWS calls to this endpoint instead (LocalStack, tests)",
  },
};

type Flags = Record<string, string | boolean | string[] | undefined>;

/** The AWS client options from `--region`, `--endpoint-url` and the environment's credentials. */
export function awsOptionsFromFlags(flags: Flags, io: CommandIo): AwsClientOptions {
  const region =
    (typeof flags["region"] === "string" ? flags["region"] : undefined) ??
    io.env["AWS_REGION"] ??
    io.env["AWS_DEFAULT_REGION"];
  if (!region) throw new UsageError("Give an AWS Region with --region (or set AWS_REGION)");
  const credentials = credentialsFromEnv(io.env);
  return {
    region,
    ...(typeof flags["endpoint-url"] === "string" ? { endpoint: flags["endpoint-url"] } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

function string(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === "string" ? value : undefined;
}

function positiveInteger(flags: Flags, name: string): number | undefined {
  const value = string(flags, name);
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) === 0)
    throw new UsageError(`--${name} must be a positive integer`);
  return Number(value);
}

function callLine(call: DeployCall, dryRun: boolean): string {
  if (!dryRun) return `  ${call.service} ${call.operation}: ${call.outcome ?? "done"}`;
  return `  ${call.service} ${call.operation} (${call.when})\n${JSON.stringify(call.input, null, 2).replace(/^/gm, "      ")}`;
}

export const deployCommand: Command = {
  name: "deploy",
  usage: "[connector|function.zip] | --image <ecr-image-uri>",
  flags: {
    ...COMMON_FLAGS,
    "function-name": { type: "string", valueName: "name", description: "Lambda function name (required)" },
    "connector-label": {
      type: "string",
      valueName: "label",
      description: "The connector's label in AppFlow (default: the function name)",
    },
    "role-arn": {
      type: "string",
      valueName: "arn",
      description:
        "Execution role; needed to create the function (see `connector package`'s template for its policy)",
    },
    "account-id": {
      type: "string",
      valueName: "id",
      description: "Account allowed as AWS:SourceAccount (default: the role's, else the function's)",
    },
    ...AWS_FLAGS,
    "dry-run": { type: "boolean", description: "Print every call it would make, and make none" },
    "skip-register": { type: "boolean", description: "Do not register the connector with AppFlow" },
    "function-log-level": {
      type: "string",
      valueName: "level",
      description: "LOG_LEVEL of the function: debug, info, warn, error, silent (default: info)",
    },
    timeout: { type: "string", valueName: "seconds", description: "Function timeout (default: 30)" },
    memory: { type: "string", valueName: "MB", description: "Function memory (default: 256)" },
    runtime: RUNTIME_FLAG,
    image: {
      type: "string",
      valueName: "uri",
      description:
        "Deploy this container image from Amazon ECR (PackageType Image) instead of a zip, e.g. what `connector image push` printed",
    },
    architecture: {
      type: "string",
      valueName: "arch",
      description: "With --image: x86_64 (default) or arm64, the image's platform",
    },
    out: {
      type: "string",
      valueName: "dir",
      description: "Where a connector module is packaged first (default: dist/connector)",
    },
    conditions: {
      type: "string",
      multiple: true,
      valueName: "name",
      description: "Package-export condition when packaging a module, e.g. source (repeatable)",
    },
  },
  examples: [
    "connector deploy ./src/connector.ts --function-name planets-connector --connector-label planets --role-arn arn:aws:iam::123456789012:role/planets --region us-east-1",
    "connector deploy dist/connector/function.zip --function-name planets-connector --region eu-west-1",
    "connector deploy ./src/connector.ts --function-name planets-connector --account-id 123456789012 --region us-east-1 --dry-run",
    "connector deploy ./src/connector.ts --function-name planets-connector --runtime nodejs24.x --region us-east-1",
    "connector deploy --image 123456789012.dkr.ecr.us-east-1.amazonaws.com/planets@sha256:<digest> --function-name planets-connector --role-arn arn:aws:iam::123456789012:role/planets --region us-east-1",
  ],
  async run({ positionals, flags }, io) {
    const usage = "connector deploy <connector|function.zip> --function-name <name>";
    const image = string(flags, "image");
    const architecture = string(flags, "architecture");
    if (architecture !== undefined && architecture !== "x86_64" && architecture !== "arm64") {
      throw new UsageError("--architecture must be x86_64 or arm64");
    }
    if (image !== undefined && positionals.length > 0) {
      throw new UsageError("Give either a connector (or function.zip) or --image, not both");
    }
    const target = image
      ? undefined
      : await commandTarget(positionals, flags, io.cwd, { positionalCount: 1, usage });
    if (target && target.rest.length > 0) throw new UsageError(`Usage: ${usage}`);
    const input = target ? shownModule(target, io.cwd) : (image as string);
    const functionName = string(flags, "function-name");
    if (!functionName) throw new UsageError("Give the Lambda function's name with --function-name");
    const aws = awsOptionsFromFlags(flags, io);
    const json = flags["json"] === true;
    const dryRun = flags["dry-run"] === true;
    const timeoutSeconds = positiveInteger(flags, "timeout");
    const memoryMb = positiveInteger(flags, "memory");
    const runtime = runtimeFlag(flags["runtime"]);
    let zip: Uint8Array | undefined;
    if (!target) {
      // An image: nothing to package.
    } else if (input.endsWith(".zip")) {
      const path = resolve(io.cwd, target.module);
      zip = await readFile(path).catch(() => {
        throw new UsageError(`Cannot read ${path}`);
      });
    } else {
      const p = await packageConnector(target.module, {
        cwd: io.cwd,
        ...(string(flags, "out") ? { outDir: string(flags, "out") } : {}),
        conditions: (flags["conditions"] as string[] | undefined) ?? [],
        template: { runtime },
      });
      zip = p.zip;
      if (!json) io.stdout(`Packaged ${input}: function.zip ${formatBytes(p.zipBytes)}\n`);
    }
    if (!json)
      io.stdout(
        dryRun ? "Dry run: these calls would be made\n" : `Deploying ${functionName} to ${aws.region}\n`,
      );
    const result = await deployConnector({
      ...aws,
      functionName,
      connectorLabel: string(flags, "connector-label") ?? functionName,
      ...(zip ? { zip } : { imageUri: image as string }),
      ...(architecture ? { architecture } : {}),
      ...(string(flags, "role-arn") ? { roleArn: string(flags, "role-arn") } : {}),
      ...(string(flags, "account-id") ? { accountId: string(flags, "account-id") } : {}),
      ...(string(flags, "function-log-level") ? { logLevel: string(flags, "function-log-level") } : {}),
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
      ...(memoryMb ? { memoryMb } : {}),
      runtime,
      register: flags["skip-register"] !== true,
      dryRun,
      ...(json ? {} : { onCall: (call: DeployCall) => io.stdout(`${callLine(call, dryRun)}\n`) }),
      ...(io.env["CONNECTOR_KIT_DEPLOY_POLL_MS"]
        ? { pollIntervalMs: Number(io.env["CONNECTOR_KIT_DEPLOY_POLL_MS"]) }
        : {}),
    });
    if (json) {
      io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      return 0;
    }
    if (!dryRun) {
      io.stdout(
        [
          `Function   ${result.functionArn} (${result.function})`,
          `Permission appflow.amazonaws.com for this account only (${result.permission})`,
          `Connector  ${result.registration}${result.connectorArn ? `: ${result.connectorArn}` : ""}`,
          "",
        ].join("\n"),
      );
    }
    return 0;
  },
};
