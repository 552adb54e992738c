import type {
  AppflowClient,
  CustomConnectorProfileCredentials,
  ExecutionRecord,
  UpdateFlowRequest,
} from "@aws-sdk/client-appflow";
import type { AwsSdkClient, AwsSdkClientConfig } from "../../core/aws-sdk-client.js";
import { missingPeer } from "../../core/peer-dependency.js";
import { SecretsManagerResolver } from "../../hosts/appflow/secrets/secrets-manager-resolver.js";
import type { AppFlowPlan, AppFlowProfilePlan } from "./flow-to-appflow.js";

type AppflowModule = typeof import("@aws-sdk/client-appflow");

/** How to reach AppFlow. */
export interface AppFlowClientOptions {
  /** A client to use (its configuration wins). Default: one made from `clientConfig`, closed afterwards. */
  client?: AwsSdkClient;
  /** Configuration of the client made here: `region`, `endpoint`, `credentials`, `maxAttempts`. Default: `{}`. */
  clientConfig?: AwsSdkClientConfig;
}

/** One AppFlow call of a deployment: made, or (dry run) planned. */
export interface AppFlowCall {
  /** API operation, e.g. `CreateFlow`. */
  operation: string;
  /** The request, credentials replaced by where they come from. */
  input: Record<string, unknown>;
  /** For planned calls: when the call is made. */
  when?: string;
  /** For made calls: what came of it (`created`, `updated`, `not found`, …). */
  outcome?: string;
}

/** Options of {@link deployAppFlowFlow}. */
export interface DeployAppFlowOptions extends AppFlowClientOptions {
  /** Make no call; report every request. Default: false. */
  dryRun?: boolean;
  /** Called for each call made (or planned). Default: none. */
  onCall?: (call: AppFlowCall) => void;
  /**
   * Reads a secret's values (a JSON object of strings). Default: Secrets Manager's GetSecretValue with the
   * same region, endpoint and credentials as `clientConfig`.
   */
  readSecret?: (arn: string) => Promise<Record<string, string>>;
  /** Description of a connector registered from a Lambda function. Default: "Registered by connector flow deploy". */
  connectorDescription?: string;
}

/** What {@link deployAppFlowFlow} did. */
export interface DeployAppFlowResult {
  dryRun: boolean;
  flowName: string;
  /** `created` or `updated` (null in a dry run). */
  flow: "created" | "updated" | null;
  flowArn: string | null;
  flowStatus: string | null;
  calls: AppFlowCall[];
}

/** An AppFlow call that failed: names the operation, AppFlow's error and its message. */
export class AppFlowCallError extends Error {
  override readonly name = "AppFlowCallError";
  constructor(
    readonly operation: string,
    /** AppFlow's error name, e.g. `ConflictException`, `ValidationException`. */
    readonly errorName: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`AppFlow ${operation} failed: ${errorName}: ${message}`, options);
  }
}

/** A deployment that cannot go on (a connector that is not registered, a secret without a needed key). */
export class AppFlowDeployError extends Error {
  override readonly name = "AppFlowDeployError";
}

function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === "string" ? name : "Error";
}

async function sdk(neededFor: string): Promise<AppflowModule> {
  return import("@aws-sdk/client-appflow").catch(missingPeer("@aws-sdk/client-appflow", neededFor));
}

/** Sends a command, turning an AWS error into an {@link AppFlowCallError}; `tolerate` names errors returned as null. */
async function send<T>(
  client: AppflowClient,
  operation: string,
  command: object,
  tolerate: readonly string[] = [],
): Promise<T | null> {
  try {
    return (await client.send(command as never)) as T;
  } catch (error) {
    const name = errorName(error);
    if (tolerate.includes(name)) return null;
    const message = error instanceof Error ? error.message : String(error);
    throw new AppFlowCallError(operation, name, message, { cause: error });
  }
}

async function withClient<T>(
  options: AppFlowClientOptions,
  neededFor: string,
  use: (client: AppflowClient, A: AppflowModule) => Promise<T>,
): Promise<T> {
  const A = await sdk(neededFor);
  const client =
    (options.client as AppflowClient | undefined) ?? new A.AppflowClient(options.clientConfig ?? {});
  try {
    return await use(client, A);
  } finally {
    if (!options.client) client.destroy();
  }
}

function need(secret: Record<string, string>, key: string, arn: string, type: string): string {
  const value = secret[key];
  if (value === undefined || value === "") {
    throw new AppFlowDeployError(`The secret ${arn} has no "${key}" value, which ${type} credentials need`);
  }
  return value;
}

/** The profile's credentials, from the secret's values (keys as AppFlow stores them for the connector). */
function credentialsOf(
  profile: AppFlowProfilePlan,
  secret: Record<string, string>,
): CustomConnectorProfileCredentials {
  const arn = profile.secretArn!;
  switch (profile.authenticationType) {
    case "BASIC":
      return {
        authenticationType: "BASIC",
        basic: {
          username: need(secret, "username", arn, "BasicAuth"),
          password: need(secret, "password", arn, "BasicAuth"),
        },
      };
    case "APIKEY":
      return {
        authenticationType: "APIKEY",
        apiKey: {
          apiKey: need(secret, "apiKey", arn, "ApiKey"),
          ...(secret["apiSecretKey"] ? { apiSecretKey: secret["apiSecretKey"] } : {}),
        },
      };
    default: {
      const { customAuthenticationType, authenticationType: _ignored, ...values } = secret;
      if (!customAuthenticationType) {
        throw new AppFlowDeployError(
          `The secret ${arn} has no "customAuthenticationType" value, which CustomAuth credentials need`,
        );
      }
      return { authenticationType: "CUSTOM", custom: { customAuthenticationType, credentialsMap: values } };
    }
  }
}

/** The credentials as a dry run shows them: where each value comes from, never a value. */
function credentialsPlaceholder(profile: AppFlowProfilePlan): Record<string, unknown> {
  const from = (key: string) => `<${key} from ${profile.secretArn}>`;
  switch (profile.authenticationType) {
    case "BASIC":
      return {
        authenticationType: "BASIC",
        basic: { username: from("username"), password: from("password") },
      };
    case "APIKEY":
      return {
        authenticationType: "APIKEY",
        apiKey: { apiKey: from("apiKey"), apiSecretKey: from("apiSecretKey") },
      };
    default:
      return {
        authenticationType: "CUSTOM",
        custom: {
          customAuthenticationType: from("customAuthenticationType"),
          credentialsMap: from("other keys"),
        },
      };
  }
}

function profileRequest(profile: AppFlowProfilePlan, credentials: Record<string, unknown> | null) {
  const request = structuredClone(profile.request);
  if (credentials) {
    (
      request.connectorProfileConfig as { connectorProfileCredentials?: unknown }
    ).connectorProfileCredentials = {
      CustomConnector: credentials,
    };
  }
  return request;
}

/** UpdateFlow's request: CreateFlow's, less what UpdateFlow does not take. */
function updateRequest(plan: AppFlowPlan): UpdateFlowRequest {
  const { kmsArn: _k, tags: _t, ...rest } = plan.flow;
  return rest as UpdateFlowRequest;
}

function registerRequest(label: string, lambdaArn: string, description: string) {
  return {
    connectorLabel: label,
    description,
    connectorProvisioningType: "LAMBDA" as const,
    connectorProvisioningConfig: { lambda: { lambdaArn } },
  };
}

/** The calls of a deployment, in order, with when each is made; no call is made. */
export function planAppFlowDeploy(
  plan: AppFlowPlan,
  options: { connectorDescription?: string } = {},
): AppFlowCall[] {
  const description = options.connectorDescription ?? "Registered by connector flow deploy";
  const calls: AppFlowCall[] = [];
  for (const c of plan.connectors) {
    calls.push({
      operation: "DescribeConnector",
      input: { connectorType: "CustomConnector", connectorLabel: c.label },
      when: "always",
    });
    if (c.lambdaArn) {
      calls.push({
        operation: "RegisterConnector",
        input: registerRequest(c.label, c.lambdaArn, description),
        when: "if no connector has the label",
      });
    }
  }
  for (const p of plan.profiles) {
    calls.push({
      operation: "DescribeConnectorProfiles",
      input: {
        connectorProfileNames: [p.name],
        connectorType: "CustomConnector",
        connectorLabel: p.connectorLabel,
      },
      when: "always",
    });
    if (!p.managed) continue;
    const request = profileRequest(p, p.secretArn ? credentialsPlaceholder(p) : null);
    calls.push({
      operation: "CreateConnectorProfile",
      input: { ...request },
      when: "if the profile does not exist",
    });
    const { connectorType: _c, connectorLabel: _l, kmsArn: _k, ...update } = request;
    calls.push({ operation: "UpdateConnectorProfile", input: update, when: "if the profile exists" });
  }
  calls.push({ operation: "DescribeFlow", input: { flowName: plan.flowName }, when: "always" });
  calls.push({ operation: "CreateFlow", input: { ...plan.flow }, when: "if the flow does not exist" });
  calls.push({ operation: "UpdateFlow", input: { ...updateRequest(plan) }, when: "if the flow exists" });
  return calls;
}

/**
 * Creates or updates a flow on AppFlow from {@link flowToAppFlow}'s plan: DescribeConnector for each
 * connector (RegisterConnector from a `lambda:` side's function when the label is missing; any other
 * missing label is an error), DescribeConnectorProfiles then CreateConnectorProfile or
 * UpdateConnectorProfile for each profile it manages (credentials read from the secret just before), and
 * DescribeFlow then CreateFlow or UpdateFlow. With `dryRun`, makes no call and returns
 * {@link planAppFlowDeploy}'s calls. An AWS error becomes an {@link AppFlowCallError} naming the operation.
 */
export async function deployAppFlowFlow(
  plan: AppFlowPlan,
  options: DeployAppFlowOptions = {},
): Promise<DeployAppFlowResult> {
  if (options.dryRun) {
    const calls = planAppFlowDeploy(plan, options);
    for (const call of calls) options.onCall?.(call);
    return { dryRun: true, flowName: plan.flowName, flow: null, flowArn: null, flowStatus: null, calls };
  }
  const calls: AppFlowCall[] = [];
  const record = (call: AppFlowCall) => {
    calls.push(call);
    options.onCall?.(call);
  };
  const description = options.connectorDescription ?? "Registered by connector flow deploy";
  let resolver: SecretsManagerResolver | undefined;
  const readSecret =
    options.readSecret ??
    ((arn: string) => {
      resolver ??= new SecretsManagerResolver({ clientConfig: options.clientConfig ?? {} });
      return resolver.resolve(arn);
    });
  try {
    return await withClient(options, "connector flow deploy", async (client, A) => {
      for (const c of plan.connectors) {
        const input = { connectorType: "CustomConnector" as const, connectorLabel: c.label };
        const found = await send(client, "DescribeConnector", new A.DescribeConnectorCommand(input), [
          "ResourceNotFoundException",
        ]);
        record({ operation: "DescribeConnector", input, outcome: found ? "registered" : "not found" });
        if (found) continue;
        if (!c.lambdaArn) {
          throw new AppFlowDeployError(
            `No connector is registered as ${c.label} (${c.side}); deploy it first with connector deploy --connector-label ${c.label}`,
          );
        }
        const request = registerRequest(c.label, c.lambdaArn, description);
        await send(client, "RegisterConnector", new A.RegisterConnectorCommand(request));
        record({ operation: "RegisterConnector", input: request, outcome: "registered" });
      }
      for (const p of plan.profiles) {
        const describe = {
          connectorProfileNames: [p.name],
          connectorType: "CustomConnector" as const,
          connectorLabel: p.connectorLabel,
        };
        const described = await send<{ connectorProfileDetails?: unknown[] }>(
          client,
          "DescribeConnectorProfiles",
          new A.DescribeConnectorProfilesCommand(describe),
        );
        const exists = (described?.connectorProfileDetails?.length ?? 0) > 0;
        record({
          operation: "DescribeConnectorProfiles",
          input: describe,
          outcome: exists ? "exists" : "not found",
        });
        if (!p.managed) {
          if (!exists)
            throw new AppFlowDeployError(
              `No connector profile ${p.name} for ${p.connectorLabel} (${p.side})`,
            );
          continue;
        }
        const credentials = p.secretArn ? credentialsOf(p, await readSecret(p.secretArn)) : null;
        const request = profileRequest(p, credentials as Record<string, unknown> | null);
        const shown = profileRequest(p, p.secretArn ? credentialsPlaceholder(p) : null);
        if (exists) {
          const { connectorType: _c, connectorLabel: _l, kmsArn: _k, ...update } = request;
          await send(client, "UpdateConnectorProfile", new A.UpdateConnectorProfileCommand(update));
          const { connectorType: _sc, connectorLabel: _sl, kmsArn: _sk, ...shownUpdate } = shown;
          record({ operation: "UpdateConnectorProfile", input: shownUpdate, outcome: "updated" });
        } else {
          await send(client, "CreateConnectorProfile", new A.CreateConnectorProfileCommand(request));
          record({ operation: "CreateConnectorProfile", input: { ...shown }, outcome: "created" });
        }
      }
      const existing = await send<{ flowArn?: string }>(
        client,
        "DescribeFlow",
        new A.DescribeFlowCommand({ flowName: plan.flowName }),
        ["ResourceNotFoundException"],
      );
      record({
        operation: "DescribeFlow",
        input: { flowName: plan.flowName },
        outcome: existing ? "exists" : "not found",
      });
      let answer: { flowArn?: string; flowStatus?: string } | null;
      if (existing) {
        const request = updateRequest(plan);
        answer = await send(client, "UpdateFlow", new A.UpdateFlowCommand(request));
        record({ operation: "UpdateFlow", input: { ...request }, outcome: "updated" });
      } else {
        answer = await send(client, "CreateFlow", new A.CreateFlowCommand(plan.flow));
        record({ operation: "CreateFlow", input: { ...plan.flow }, outcome: "created" });
      }
      return {
        dryRun: false,
        flowName: plan.flowName,
        flow: existing ? "updated" : "created",
        flowArn: answer?.flowArn ?? existing?.flowArn ?? null,
        flowStatus: answer?.flowStatus ?? null,
        calls,
      };
    });
  } finally {
    resolver?.destroy();
  }
}

/** What StartFlow answered. */
export interface StartedAppFlowRun {
  flowArn: string | null;
  flowStatus: string | null;
  /** Null for a scheduled flow, which StartFlow activates instead of running. */
  executionId: string | null;
}

/** Runs an on-demand flow on AppFlow (StartFlow), or activates a scheduled one. */
export async function startAppFlowFlow(
  flowName: string,
  options: AppFlowClientOptions = {},
): Promise<StartedAppFlowRun> {
  return withClient(options, "connector flow start", async (client, A) => {
    const answer = await send<{ flowArn?: string; flowStatus?: string; executionId?: string }>(
      client,
      "StartFlow",
      new A.StartFlowCommand({ flowName }),
    );
    return {
      flowArn: answer?.flowArn ?? null,
      flowStatus: answer?.flowStatus ?? null,
      executionId: answer?.executionId ?? null,
    };
  });
}

/** One run of a flow on AppFlow, as its execution record says. */
export interface AppFlowExecution {
  executionId: string | null;
  status: string | null;
  startedAt: string | null;
  lastUpdatedAt: string | null;
  recordsProcessed: number | null;
  bytesProcessed: number | null;
  bytesWritten: number | null;
  /** AppFlow's error message, with how many records failed, or null. */
  error: string | null;
  dataPullStartTime: string | null;
  dataPullEndTime: string | null;
}

const isoOf = (d: Date | undefined) => (d ? d.toISOString() : null);

function executionOf(r: ExecutionRecord): AppFlowExecution {
  const e = r.executionResult;
  const info = e?.errorInfo;
  return {
    executionId: r.executionId ?? null,
    status: r.executionStatus ?? null,
    startedAt: isoOf(r.startedAt),
    lastUpdatedAt: isoOf(r.lastUpdatedAt),
    recordsProcessed: e?.recordsProcessed ?? null,
    bytesProcessed: e?.bytesProcessed ?? null,
    bytesWritten: e?.bytesWritten ?? null,
    error: info?.executionMessage
      ? `${info.executionMessage}${info.putFailuresCount ? ` (${info.putFailuresCount} records failed)` : ""}`
      : null,
    dataPullStartTime: isoOf(r.dataPullStartTime),
    dataPullEndTime: isoOf(r.dataPullEndTime),
  };
}

/** The latest runs of a flow on AppFlow (DescribeFlowExecutionRecords), newest first as AppFlow lists them. */
export async function appFlowExecutions(
  flowName: string,
  options: AppFlowClientOptions & {
    /** How many runs. Default: 20. */
    limit?: number;
  } = {},
): Promise<AppFlowExecution[]> {
  const limit = options.limit ?? 20;
  // DescribeFlowExecutionRecords takes maxResults from 1 to 100: asking for none makes no call.
  if (limit < 1) return [];
  return withClient(options, "connector flow status", async (client, A) => {
    const out: AppFlowExecution[] = [];
    let nextToken: string | undefined;
    do {
      const answer = await send<{ flowExecutions?: ExecutionRecord[]; nextToken?: string }>(
        client,
        "DescribeFlowExecutionRecords",
        new A.DescribeFlowExecutionRecordsCommand({
          flowName,
          maxResults: Math.min(100, limit - out.length),
          ...(nextToken ? { nextToken } : {}),
        }),
      );
      out.push(...(answer?.flowExecutions ?? []).map(executionOf));
      nextToken = answer?.nextToken;
    } while (nextToken && out.length < limit);
    return out.slice(0, limit);
  });
}
