/** The parts of an ARN: `arn:<partition>:<service>:<region>:<account>:<resource>`. */
export interface ArnParts {
  partition: string;
  service: string;
  region: string;
  account: string;
  resource: string;
}

/** Splits an ARN, or returns undefined when `arn` is not one. */
export function parseArn(arn: string): ArnParts | undefined {
  const match = /^arn:([^:]+):([^:]+):([^:]*):(\d{12})?:(.+)$/.exec(arn);
  if (!match) return undefined;
  return {
    partition: match[1]!,
    service: match[2]!,
    region: match[3]!,
    account: match[4] ?? "",
    resource: match[5]!,
  };
}

/** The AWS partition of a Region: `aws-cn` for `cn-*`, `aws-us-gov` for `us-gov-*`, else `aws`. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The `AWS:SourceArn` AppFlow invokes a connector's function with: every AppFlow resource of the account in the Region. */
export function appflowSourceArn(region: string, accountId: string): string {
  return ["arn", partitionOf(region), "appflow", region, accountId, "*"].join(":");
}

/** True for a 12-digit AWS account id. */
export function isAccountId(value: string): boolean {
  return /^\d{12}$/.test(value);
}
