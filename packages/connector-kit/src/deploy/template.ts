import { DEFAULT_LAMBDA_RUNTIME, type LambdaRuntime, lambdaRuntimeFacts } from "./runtimes.js";

/** A CloudFormation template as JSON. */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: "2010-09-09";
  Description?: string;
  Parameters?: Record<string, Record<string, unknown>>;
  Resources: Record<
    string,
    { Type: string; Properties?: Record<string, unknown>; DependsOn?: string | string[] }
  >;
  Outputs?: Record<string, { Description?: string; Value: unknown; Export?: { Name: unknown } }>;
  [section: string]: unknown;
}

/**
 * Where the function's code comes from:
 * - `"parameters"`: the `ConnectorCodeBucket`/`ConnectorCodeKey` parameters (upload `function.zip` to S3 first);
 * - `{ localPath }`: a path that `aws cloudformation package` uploads and replaces (e.g. `"function.zip"`);
 * - `"image"`: the `ConnectorImageUri` parameter, a container image in ECR (the Marketplace form).
 */
export type TemplateCodeSource = "parameters" | { localPath: string } | "image";

/** Options of {@link connectorTemplate}. */
export interface ConnectorTemplateOptions {
  /** Default of the `ConnectorLabel` parameter. Default: none (the parameter must be given). */
  connectorLabel?: string;
  /** Where the code comes from. Default: `"parameters"`. */
  code?: TemplateCodeSource;
  /** Include an `AWS::AppFlow::Connector` that registers the function with AppFlow. Default: true. */
  registerConnector?: boolean;
  /** The template's and the function's description. Default: "Amazon AppFlow custom connector (connector-kit)". */
  description?: string;
  /** Function timeout in seconds. Default: {@link DEFAULT_TIMEOUT_SECONDS}. */
  timeoutSeconds?: number;
  /** Function memory in MB. Default: {@link DEFAULT_MEMORY_MB}. */
  memoryMb?: number;
  /** Lambda runtime of a zip-packaged function (an image brings its own). Default: {@link DEFAULT_LAMBDA_RUNTIME}. */
  runtime?: LambdaRuntime;
  /**
   * The AppFlow connector profiles whose secrets the function may read: each grants exactly
   * `appflow!<account>-<label>-<profile>-??????`, AppFlow's name for that profile's secret plus the six
   * random characters Secrets Manager appends. Default: `["*"]`, any profile of this label — which, since
   * labels and profile names may contain `-`, also matches the secrets of a connector labelled `<label>-…`.
   */
  connectorProfiles?: readonly string[];
}

/** Function timeout the AppFlow templates use: 30 s (AppFlow's own limit for data calls). */
export const DEFAULT_TIMEOUT_SECONDS = 30;
/** Function memory the AppFlow templates use: 256 MB. */
export const DEFAULT_MEMORY_MB = 256;
/** Handler of the bundle: the `handler` export of `index.mjs`. */
export const LAMBDA_HANDLER = "index.handler";
/** The AppFlow service principal allowed to invoke the function. */
export const APPFLOW_PRINCIPAL = "appflow.amazonaws.com";

const DEFAULT_DESCRIPTION = "Amazon AppFlow custom connector (connector-kit)";

/** Logical ids of the template's resources. */
export const TEMPLATE_IDS = {
  role: "ConnectorRole",
  function: "ConnectorFunction",
  permission: "AppFlowInvokePermission",
  connector: "AppFlowConnector",
} as const;

/** AppFlow's pattern of connector profile names (`ConnectorProfileName` in the AppFlow API), at most 256 characters. */
const PROFILE_NAME = /^[\w/!@#+=.-]{1,256}$/;

/** Whether `name` is a valid AppFlow connector profile name (or `*`, any profile). */
export function isConnectorProfileName(name: string): boolean {
  return name === "*" || PROFILE_NAME.test(name);
}

/**
 * The ARNs of the secrets AppFlow creates for the given profiles of this connector (as `Fn::Sub`s).
 * Secrets Manager appends `-` and six random characters to a secret's name: `-??????` matches exactly those.
 */
function profileSecretArns(profiles: readonly string[]): unknown[] {
  if (profiles.length === 0) throw new RangeError("Give at least one connector profile, or * for any");
  return profiles.map((profile) => {
    if (!isConnectorProfileName(profile)) {
      throw new RangeError(`"${profile}" is not an AppFlow connector profile name`);
    }
    return {
      "Fn::Sub":
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
        "arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:appflow!${AWS::AccountId}-${ConnectorLabel}-" +
        `${profile}-??????`,
    };
  });
}

function codeProperties(
  code: TemplateCodeSource,
  runtime: LambdaRuntime,
): {
  parameters: Record<string, Record<string, unknown>>;
  properties: Record<string, unknown>;
} {
  if (code === "image") {
    return {
      parameters: {
        ConnectorImageUri: {
          Type: "String",
          Description: "URI of the connector's container image in Amazon ECR (built from the Dockerfile)",
        },
      },
      properties: { PackageType: "Image", Code: { ImageUri: { Ref: "ConnectorImageUri" } } },
    };
  }
  const zip = { Runtime: runtime, Handler: LAMBDA_HANDLER };
  if (code === "parameters") {
    return {
      parameters: {
        ConnectorCodeBucket: { Type: "String", Description: "S3 bucket holding function.zip" },
        ConnectorCodeKey: { Type: "String", Description: "S3 key of function.zip", Default: "function.zip" },
      },
      properties: {
        ...zip,
        Code: { S3Bucket: { Ref: "ConnectorCodeBucket" }, S3Key: { Ref: "ConnectorCodeKey" } },
      },
    };
  }
  return { parameters: {}, properties: { ...zip, Code: code.localPath } };
}

/**
 * A plain CloudFormation template (no SAM transform) deploying a connector: an IAM role with the basic
 * execution policy and read access to the connector's AppFlow secrets
 * (`appflow!<account>-<ConnectorLabel>-<profile>-??????` for each of `connectorProfiles`), the function
 * (`nodejs22.x` by default, `index.handler`, 30 s, 256 MB), the
 * permission letting `appflow.amazonaws.com` invoke it only for this account (`SourceAccount` and
 * `SourceArn` conditions: the confused-deputy protection) and, by default, the AppFlow connector
 * registration. Outputs `FunctionArn` (and `ConnectorArn`).
 */
export function connectorTemplate(options: ConnectorTemplateOptions = {}): CloudFormationTemplate {
  const description = options.description ?? DEFAULT_DESCRIPTION;
  const runtime = lambdaRuntimeFacts(options.runtime ?? DEFAULT_LAMBDA_RUNTIME).runtime;
  const code = codeProperties(options.code ?? "parameters", runtime);
  const secretArns = profileSecretArns(options.connectorProfiles ?? ["*"]);
  const ids = TEMPLATE_IDS;
  const template: CloudFormationTemplate = {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: description,
    Parameters: {
      ConnectorLabel: {
        Type: "String",
        Description:
          "The connector's label in AppFlow; its profiles' secrets are named appflow!<account>-<label>-<profile>-<6 characters>",
        AllowedPattern: "^[a-zA-Z0-9][\\w!@#.-]+$",
        MaxLength: 256,
        ...(options.connectorLabel ? { Default: options.connectorLabel } : {}),
      },
      LogLevel: {
        Type: "String",
        Description: "Level of the connector's JSON-lines log",
        Default: "info",
        AllowedValues: ["debug", "info", "warn", "error", "silent"],
      },
      ...code.parameters,
    },
    Resources: {
      [ids.role]: {
        Type: "AWS::IAM::Role",
        Properties: {
          AssumeRolePolicyDocument: {
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" },
            ],
          },
          ManagedPolicyArns: [
            // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
            { "Fn::Sub": "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
          ],
          Policies: [
            {
              PolicyName: "ReadAppFlowConnectorSecrets",
              PolicyDocument: {
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Action: "secretsmanager:GetSecretValue",
                    Resource: secretArns.length === 1 ? secretArns[0] : secretArns,
                  },
                ],
              },
            },
          ],
        },
      },
      [ids.function]: {
        Type: "AWS::Lambda::Function",
        Properties: {
          Description: description,
          Role: { "Fn::GetAtt": [ids.role, "Arn"] },
          Timeout: options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
          MemorySize: options.memoryMb ?? DEFAULT_MEMORY_MB,
          Environment: { Variables: { LOG_LEVEL: { Ref: "LogLevel" } } },
          ...code.properties,
        },
      },
      [ids.permission]: {
        Type: "AWS::Lambda::Permission",
        Properties: {
          FunctionName: { "Fn::GetAtt": [ids.function, "Arn"] },
          Action: "lambda:InvokeFunction",
          Principal: APPFLOW_PRINCIPAL,
          SourceAccount: { Ref: "AWS::AccountId" },
          // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation Fn::Sub syntax
          SourceArn: { "Fn::Sub": "arn:${AWS::Partition}:appflow:${AWS::Region}:${AWS::AccountId}:*" },
        },
      },
    },
    Outputs: {
      FunctionArn: {
        Description: "ARN of the connector's Lambda function",
        Value: { "Fn::GetAtt": [ids.function, "Arn"] },
      },
    },
  };
  if (options.registerConnector ?? true) {
    template.Resources[ids.connector] = {
      Type: "AWS::AppFlow::Connector",
      // AppFlow calls the function while registering it, so the permission must exist first.
      DependsOn: ids.permission,
      Properties: {
        ConnectorLabel: { Ref: "ConnectorLabel" },
        ConnectorProvisioningType: "LAMBDA",
        ConnectorProvisioningConfig: { Lambda: { LambdaArn: { "Fn::GetAtt": [ids.function, "Arn"] } } },
        Description: description,
      },
    };
    template.Outputs!["ConnectorArn"] = {
      Description: "ARN of the registered AppFlow connector",
      Value: { "Fn::GetAtt": [ids.connector, "ConnectorArn"] },
    };
  }
  return template;
}
