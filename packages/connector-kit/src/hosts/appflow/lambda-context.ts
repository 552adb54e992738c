/**
 * The part of the AWS Lambda context object the AppFlow host reads. Structurally compatible with
 * `Context` from `@types/aws-lambda`, without depending on it.
 */
export interface LambdaContextLike {
  getRemainingTimeInMillis?(): number;
  awsRequestId?: string;
}
