import { createHash } from "node:crypto";
import type { AppflowClient } from "@aws-sdk/client-appflow";
import type {
  CreateFunctionCommandInput,
  FunctionConfiguration,
  LambdaClient,
  UpdateFunctionConfigurationCommandInput,
} from "@aws-sdk/client-lambda";
import type { AwsSdkClient } from "../core/aws-sdk-client.js";
import { missingPeer } from "../core/peer-dependency.js";
import { sleep } from "../core/sleep.js";
import { appflowSourceArn, isAccountId, parseArn } from "./arn.js";
import { type AwsClientOptions, awsClientConfig, awsErrorName } from "./aws-client-options.js";
import { parseEcrRegistry } from "./image/ecr-credentials.js";
import { ImageError } from "./image/image-error.js";
import { parseImageReference } from "./image/image-reference.js";
import { DEFAULT_LAMBDA_RUNTIME, type LambdaRuntime, lambdaRuntimeFacts } from "./runtimes.js";
import { APPFLOW_PRINCIPAL, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_SECONDS, LAMBDA_HANDLER } from "./template.js";

/** Options of {@link deployConnector}. */
export interface DeployOptions extends AwsClientOptions {
  /** Name of the Lambda function, created when missing. Required. */
  functionName: string;
  /** The connector's label in AppFlow. Required. */
  connectorLabel: string;
  /** The `function.zip` made by `packageConnector`. Required unless `imageUri` is given. */
  zip?: Uint8Array;
  /**
   * Deploy a container image instead of a zip (`PackageType: Image`): its Amazon ECR URI, by tag or digest, e.g.
   * the one `connector image push` printed. Default: none (a zip function).
   */
  imageUri?: string;
  /** The instruction set of an image function (`Architectures`, set on create). Default: `x86_64`. */
  architecture?: "x86_64" | "arm64";
  /** Execution role of the function: required to create it; also updated when given for an existing function. */
  roleArn?: string;
  /**
   * Account allowed as `AWS:SourceAccount`. Default: the account of `roleArn`, else of the existing
   * function's ARN.
   */
  accountId?: string;
  /** Description of the function and the connector. Default: "Amazon AppFlow custom connector (connector-kit)". */
  description?: string;
  /** Function timeout in seconds. Default: 30. */
  timeoutSeconds?: number;
  /** Function memory in MB. Default: 256. */
  memoryMb?: number;
  /** Lambda runtime, set on create and update. Default: {@link DEFAULT_LAMBDA_RUNTIME} (`nodejs22.x`). */
  runtime?: LambdaRuntime;
  /** `LOG_LEVEL` of the function. Default: `"info"`. */
  logLevel?: string;
  /** Statement id of the AppFlow permission. Default: {@link DEFAULT_STATEMENT_ID}. */
  statementId?: string;
  /** Register the connector with AppFlow. Default: true. */
  register?: boolean;
  /** Make no call; return the calls that would be made. Default: false. */
  dryRun?: boolean;
  /** Called after each AWS call (or, in a dry run, for each planned call). Default: none. */
  onCall?: (call: DeployCall) => void;
  /** Milliseconds between polls while the function is being created or updated. Default: 2000. */
  pollIntervalMs?: number;
  /** Longest wait for the function to become ready, in milliseconds. Default: 5 minutes. */
  maxWaitMs?: number;
  /**
   * A Lambda and an AppFlow client to use instead of making them (their configuration wins). Default: made
   * from the options.
   */
  clients?: { lambda?: AwsSdkClient; appflow?: AwsSdkClient };
}

/** One AWS call of a deployment. */
export interface DeployCall {
  service: "lambda" | "appflow";
  /** API operation, e.g. `CreateFunction`. */
  operation: string;
  /** The request, with the zip replaced by its size and SHA-256. */
  input: Record<string, unknown>;
  /** For planned calls: when the call is made. */
  when?: string;
  /** For made calls: what came of it, e.g. `created`, `not found`, `already exists`. */
  outcome?: string;
}

/** What {@link deployConnector} did (or, in a dry run, would do). */
export interface DeployResult {
  dryRun: boolean;
  functionArn: string | null;
  /** `created` or `updated` (null in a dry run). */
  function: "created" | "updated" | null;
  /** `added` or `already present` (null in a dry run). */
  permission: "added" | "already present" | null;
  /** `registered`, `already registered` or `skipped` (null in a dry run). */
  registration: "registered" | "already registered" | "skipped" | null;
  connectorArn: string | null;
  calls: DeployCall[];
}

/** Statement id of the permission that lets AppFlow invoke the function. */
export const DEFAULT_STATEMENT_ID = "appflow-invoke";

const DEFAULT_DESCRIPTION = "Amazon AppFlow custom connector (connector-kit)";

/** Thrown when a deployment cannot go on; the message says why. */
export class DeployError extends Error {
  override readonly name = "DeployError";
}

function zipSummary(zip: Uint8Array): string {
  return `<function.zip: ${zip.byteLength} bytes, sha256 ${createHash("sha256").update(zip).digest("hex")}>`;
}

/** The code of a create or update call, as recorded: the zip summarized, or the image URI. */
function codeSummary(o: DeployOptions): { ZipFile: string } | { ImageUri: string } {
  return o.imageUri ? { ImageUri: o.imageUri } : { ZipFile: zipSummary(o.zip!) };
}

/**
 * The function's settings: UpdateFunctionConfiguration sends them as they are, CreateFunction with the code
 * (and an image's packaging), and the plan shows them.
 */
function functionSettings(
  o: DeployOptions,
): UpdateFunctionConfigurationCommandInput & { FunctionName: string } {
  return {
    FunctionName: o.functionName,
    // An image function takes its runtime and handler from the image (its base and CMD).
    ...(o.imageUri
      ? {}
      : {
          Runtime: lambdaRuntimeFacts(o.runtime ?? DEFAULT_LAMBDA_RUNTIME).runtime,
          Handler: LAMBDA_HANDLER,
        }),
    ...(o.roleArn ? { Role: o.roleArn } : {}),
    Description: o.description ?? DEFAULT_DESCRIPTION,
    Timeout: o.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    MemorySize: o.memoryMb ?? DEFAULT_MEMORY_MB,
    Environment: { Variables: { LOG_LEVEL: o.logLevel ?? "info" } },
  };
}

function permissionInput(o: DeployOptions, accountId: string): Record<string, unknown> {
  return {
    FunctionName: o.functionName,
    StatementId: o.statementId ?? DEFAULT_STATEMENT_ID,
    Action: "lambda:InvokeFunction",
    Principal: APPFLOW_PRINCIPAL,
    SourceAccount: accountId,
    SourceArn: appflowSourceArn(o.region, accountId),
  };
}

function registerInput(o: DeployOptions, lambdaArn: string): Record<string, unknown> {
  return {
    connectorLabel: o.connectorLabel,
    description: o.description ?? DEFAULT_DESCRIPTION,
    connectorProvisioningType: "LAMBDA",
    connectorProvisioningConfig: { lambda: { lambdaArn } },
  };
}

function checkOptions(o: DeployOptions): void {
  if (!o.functionName) throw new DeployError("A function name is needed");
  if (!o.connectorLabel) throw new DeployError("A connector label is needed");
  if (!o.region) throw new DeployError("A Region is needed");
  if (o.accountId !== undefined && !isAccountId(o.accountId)) {
    throw new DeployError(`${o.accountId} is not a 12-digit AWS account id`);
  }
  if (o.roleArn !== undefined && parseArn(o.roleArn)?.service !== "iam") {
    throw new DeployError(`${o.roleArn} is not an IAM role ARN`);
  }
  if ((o.zip === undefined) === (o.imageUri === undefined)) {
    throw new DeployError("Give either a function.zip or an image URI, not both or neither");
  }
  if (o.imageUri !== undefined) {
    let registry: string;
    try {
      registry = parseImageReference(o.imageUri).registry;
    } catch (error) {
      throw new DeployError(error instanceof ImageError ? error.message : String(error));
    }
    if (!parseEcrRegistry(registry)) {
      throw new DeployError(
        `${o.imageUri} is not in an Amazon ECR private registry (<account>.dkr.ecr.<region>.amazonaws.com/<repository>): Lambda runs images from ECR only; copy it there with connector image copy`,
      );
    }
  }
}

/** CreateFunction's input for an image function, beside the common settings. */
function imageCreateSettings(
  o: DeployOptions,
): Partial<Pick<CreateFunctionCommandInput, "PackageType" | "Architectures">> {
  return o.imageUri ? { PackageType: "Image", Architectures: [o.architecture ?? "x86_64"] } : {};
}

/** The calls a deployment makes, in order, with when each is made; no call is made. */
export function planDeploy(options: DeployOptions): DeployCall[] {
  checkOptions(options);
  const account = options.accountId ?? (options.roleArn ? parseArn(options.roleArn)?.account : undefined);
  const accountId = account || "<account of the function>";
  const lambdaArn = [
    "arn",
    "aws",
    "lambda",
    options.region,
    accountId,
    "function",
    options.functionName,
  ].join(":");
  const settings = functionSettings(options);
  const { FunctionName, ...configuration } = settings;
  const register = options.register ?? true;
  return [
    { service: "lambda", operation: "GetFunction", input: { FunctionName }, when: "always" },
    {
      service: "lambda",
      operation: "CreateFunction",
      input: { ...settings, ...imageCreateSettings(options), Code: codeSummary(options) },
      when: options.roleArn
        ? "if the function does not exist"
        : "if the function does not exist (needs --role-arn)",
    },
    {
      service: "lambda",
      operation: "UpdateFunctionCode",
      input: { FunctionName, ...codeSummary(options) },
      when: "if the function exists",
    },
    {
      service: "lambda",
      operation: "UpdateFunctionConfiguration",
      input: { FunctionName, ...configuration },
      when: "if the function exists, once its code is updated",
    },
    {
      service: "lambda",
      operation: "AddPermission",
      input: permissionInput(options, accountId),
      when: "always (an existing statement is kept)",
    },
    ...(register
      ? ([
          {
            service: "appflow",
            operation: "DescribeConnector",
            input: { connectorType: "CustomConnector", connectorLabel: options.connectorLabel },
            when: "always",
          },
          {
            service: "appflow",
            operation: "RegisterConnector",
            input: registerInput(options, lambdaArn),
            when: "if no connector has the label",
          },
        ] satisfies DeployCall[])
      : []),
  ];
}

/**
 * Deploys a packaged connector with the AWS SDK v3: GetFunction, then CreateFunction (`nodejs22.x` by default,
 * `index.handler`, 30 s, 256 MB) or UpdateFunctionCode + UpdateFunctionConfiguration, waiting while the
 * function is pending; AddPermission for `appflow.amazonaws.com` with `SourceAccount` and `SourceArn`
 * (an existing statement is kept); then DescribeConnector and RegisterConnector unless the label is
 * registered already. With `imageUri`, the function is a container image function instead (`PackageType: Image`,
 * `Code.ImageUri`, `Architectures`; no runtime or handler: the image has them), and an existing zip function is
 * refused before anything changes. With `dryRun`, makes no call and returns {@link planDeploy}'s plan.
 */
export async function deployConnector(options: DeployOptions): Promise<DeployResult> {
  if (options.dryRun) {
    const calls = planDeploy(options);
    for (const call of calls) options.onCall?.(call);
    return {
      dryRun: true,
      functionArn: null,
      function: null,
      permission: null,
      registration: null,
      connectorArn: null,
      calls,
    };
  }
  checkOptions(options);
  const L = await import("@aws-sdk/client-lambda").catch(
    missingPeer("@aws-sdk/client-lambda", "connector deploy"),
  );
  const config = awsClientConfig(options);
  const lambda = (options.clients?.lambda as LambdaClient | undefined) ?? new L.LambdaClient(config);
  const calls: DeployCall[] = [];
  const record = (call: DeployCall) => {
    calls.push(call);
    options.onCall?.(call);
  };
  const settings = functionSettings(options);
  const { FunctionName, ...configuration } = settings;
  const interval = options.pollIntervalMs ?? 2000;
  const deadline = Date.now() + (options.maxWaitMs ?? 300_000);

  /** Polls until the function is neither pending nor updating. */
  const waitReady = async (current: FunctionConfiguration | undefined): Promise<FunctionConfiguration> => {
    let c = current;
    while (!c || c.State === "Pending" || c.LastUpdateStatus === "InProgress") {
      if (Date.now() > deadline)
        throw new DeployError(`${options.functionName} did not become ready in time`);
      if (c) await sleep(interval);
      c = (await lambda.send(new L.GetFunctionCommand({ FunctionName: options.functionName }))).Configuration;
      record({
        service: "lambda",
        operation: "GetFunction",
        input: { FunctionName },
        outcome: `state ${c?.State ?? "unknown"}, last update ${c?.LastUpdateStatus ?? "unknown"}`,
      });
    }
    if (c.State === "Failed" || c.LastUpdateStatus === "Failed") {
      throw new DeployError(
        `${options.functionName} failed: ${c.StateReason ?? c.LastUpdateStatusReason ?? "no reason given"}`,
      );
    }
    return c;
  };

  let existing: FunctionConfiguration | undefined;
  try {
    existing = (await lambda.send(new L.GetFunctionCommand({ FunctionName: options.functionName })))
      .Configuration;
    record({ service: "lambda", operation: "GetFunction", input: { FunctionName }, outcome: "exists" });
  } catch (error) {
    if (awsErrorName(error) !== "ResourceNotFoundException") throw error;
    record({ service: "lambda", operation: "GetFunction", input: { FunctionName }, outcome: "not found" });
  }

  let fn: FunctionConfiguration;
  if (!existing) {
    if (!options.roleArn) {
      throw new DeployError(`Function ${options.functionName} does not exist; give a role ARN to create it`);
    }
    const created = await lambda.send(
      new L.CreateFunctionCommand({
        ...settings,
        ...imageCreateSettings(options),
        Role: options.roleArn,
        Code: options.imageUri ? { ImageUri: options.imageUri } : { ZipFile: options.zip },
      }),
    );
    record({
      service: "lambda",
      operation: "CreateFunction",
      input: { ...settings, ...imageCreateSettings(options), Code: codeSummary(options) },
      outcome: "created",
    });
    fn = await waitReady(created);
  } else {
    await waitReady(existing);
    // Lambda cannot turn a zip function into an image function or back: say so before changing anything.
    const packageType = existing.PackageType ?? "Zip";
    if (packageType !== (options.imageUri ? "Image" : "Zip")) {
      throw new DeployError(
        `${options.functionName} is a ${packageType} function and cannot take ${options.imageUri ? "an image" : "a zip"}: deploy to a new function name, or delete it first`,
      );
    }
    const updated = await lambda.send(
      new L.UpdateFunctionCodeCommand({
        FunctionName: options.functionName,
        ...(options.imageUri ? { ImageUri: options.imageUri } : { ZipFile: options.zip }),
      }),
    );
    record({
      service: "lambda",
      operation: "UpdateFunctionCode",
      input: { FunctionName, ...codeSummary(options) },
      outcome: "updated",
    });
    await waitReady(updated);
    const reconfigured = await lambda.send(new L.UpdateFunctionConfigurationCommand(settings));
    record({
      service: "lambda",
      operation: "UpdateFunctionConfiguration",
      input: { FunctionName, ...configuration },
      outcome: "updated",
    });
    fn = await waitReady(reconfigured);
  }
  const functionArn = fn.FunctionArn ?? existing?.FunctionArn;
  if (!functionArn) throw new DeployError(`Lambda returned no ARN for ${options.functionName}`);

  const accountId =
    options.accountId ??
    (options.roleArn ? parseArn(options.roleArn)?.account : undefined) ??
    parseArn(functionArn)?.account;
  if (!accountId) throw new DeployError("Cannot tell the account id; give it with --account-id");
  const permission = permissionInput(options, accountId);
  let permissionOutcome: DeployResult["permission"];
  try {
    await lambda.send(
      new L.AddPermissionCommand({
        FunctionName: options.functionName,
        StatementId: permission["StatementId"] as string,
        Action: "lambda:InvokeFunction",
        Principal: APPFLOW_PRINCIPAL,
        SourceAccount: accountId,
        SourceArn: permission["SourceArn"] as string,
      }),
    );
    permissionOutcome = "added";
  } catch (error) {
    // Lambda also answers ResourceConflictException while an update is in progress: only an existing
    // statement is fine.
    if (
      awsErrorName(error) !== "ResourceConflictException" ||
      !/already exists/i.test((error as Error).message)
    ) {
      throw error;
    }
    permissionOutcome = "already present";
  }
  record({ service: "lambda", operation: "AddPermission", input: permission, outcome: permissionOutcome });

  let registration: DeployResult["registration"] = "skipped";
  let connectorArn: string | null = null;
  if (options.register ?? true) {
    const A = await import("@aws-sdk/client-appflow").catch(
      missingPeer("@aws-sdk/client-appflow", "connector deploy"),
    );
    const appflow = (options.clients?.appflow as AppflowClient | undefined) ?? new A.AppflowClient(config);
    const label = { connectorType: "CustomConnector", connectorLabel: options.connectorLabel } as const;
    try {
      const described = await appflow.send(new A.DescribeConnectorCommand(label));
      connectorArn = described.connectorConfiguration?.connectorArn ?? null;
      registration = "already registered";
      record({ service: "appflow", operation: "DescribeConnector", input: label, outcome: "registered" });
    } catch (error) {
      if (awsErrorName(error) !== "ResourceNotFoundException") throw error;
      record({ service: "appflow", operation: "DescribeConnector", input: label, outcome: "not found" });
    }
    if (registration !== "already registered") {
      const input = registerInput(options, functionArn);
      try {
        const registered = await appflow.send(
          new A.RegisterConnectorCommand({
            connectorLabel: options.connectorLabel,
            description: input["description"] as string,
            connectorProvisioningType: "LAMBDA",
            connectorProvisioningConfig: { lambda: { lambdaArn: functionArn } },
          }),
        );
        connectorArn = registered.connectorArn ?? null;
        registration = "registered";
      } catch (error) {
        if (awsErrorName(error) !== "ConflictException") throw error;
        registration = "already registered";
      }
      record({ service: "appflow", operation: "RegisterConnector", input, outcome: registration });
    }
  }
  return {
    dryRun: false,
    functionArn,
    function: existing ? "updated" : "created",
    permission: permissionOutcome,
    registration,
    connectorArn,
    calls,
  };
}
