/** AppFlow's error codes, as they travel in `errorDetails.errorCode`. */
export const ERROR_CODES = [
  "InvalidArgument",
  "InvalidCredentials",
  "AccessDenied",
  "RequestTimeout",
  "RateLimitExceeded",
  "ServiceUnavailable",
  "ClientError",
  "ServerError",
  "UnknownError",
  "PartialWriteFailure",
  "ResourceNotFoundError",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
