import { ConnectorError, type ErrorCode, isConnectorError } from "connector-kit";
import { LdapSyntaxError } from "./escape.js";

/** LDAP result codes (RFC 4511 §4.1.9) this connector tells apart. */
export const RESULT = {
  sizeLimitExceeded: 4,
  timeLimitExceeded: 3,
  adminLimitExceeded: 11,
  confidentialityRequired: 13,
  noSuchAttribute: 16,
  undefinedAttributeType: 17,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  invalidDNSyntax: 34,
  inappropriateAuthentication: 48,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  namingViolation: 64,
  objectClassViolation: 65,
  notAllowedOnNonLeaf: 66,
  entryAlreadyExists: 68,
} as const;

/** The LDAP result code of an ldapts error, or null. */
export function resultCodeOf(error: unknown): number | null {
  if (error instanceof Error && error.name !== "ConnectorError") {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "number") return code;
  }
  return null;
}

const SOCKET_UNAVAILABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
]);

function codeFor(error: unknown): ErrorCode {
  if (error instanceof LdapSyntaxError) return "InvalidArgument";
  const result = resultCodeOf(error);
  if (result !== null) {
    switch (result) {
      case RESULT.invalidCredentials:
      case RESULT.inappropriateAuthentication:
        return "InvalidCredentials";
      case RESULT.insufficientAccessRights:
      case RESULT.confidentialityRequired:
        return "AccessDenied";
      case RESULT.noSuchObject:
        return "ResourceNotFoundError";
      case RESULT.busy:
      case RESULT.unavailable:
        return "ServiceUnavailable";
      case RESULT.timeLimitExceeded:
        return "RequestTimeout";
      case RESULT.sizeLimitExceeded:
      case RESULT.adminLimitExceeded:
        return "RateLimitExceeded";
      case RESULT.noSuchAttribute:
      case RESULT.undefinedAttributeType:
      case RESULT.constraintViolation:
      case RESULT.attributeOrValueExists:
      case RESULT.invalidAttributeSyntax:
      case RESULT.invalidDNSyntax:
      case RESULT.namingViolation:
      case RESULT.objectClassViolation:
      case RESULT.notAllowedOnNonLeaf:
      case RESULT.entryAlreadyExists:
      case RESULT.unwillingToPerform:
        return "InvalidArgument";
      default:
        return "ServerError";
    }
  }
  const sys = (error as { code?: unknown } | null)?.code;
  if (typeof sys === "string" && SOCKET_UNAVAILABLE.has(sys)) return "ServiceUnavailable";
  const message = error instanceof Error ? error.message : String(error);
  if (/timed? ?out/i.test(message)) return "RequestTimeout";
  if (/certificate|self[- ]signed|TLS|SSL/i.test(message)) return "InvalidArgument";
  return "ServerError";
}

/** The error as a ConnectorError with the right code; the message says what was being done and why it failed. */
export function toConnectorError(error: unknown, doing: string): ConnectorError {
  if (isConnectorError(error)) return error;
  let message = error instanceof Error ? error.message.trim() : String(error);
  // ldapts puts the server's diagnostic (often empty) before " Code: 0x…": lead with the result's name.
  if (resultCodeOf(error) !== null) message = `${(error as Error).name.replace(/Error$/, "")} (${message})`;
  return new ConnectorError(codeFor(error), `Could not ${doing}: ${message}`, { cause: error });
}
