/**
 * The LDAP example connector of connector-kit: the AppFlow connector and its Lambda handler, the identity
 * capabilities (Lumos payloads), the directory operations, and the RFC 4514 / RFC 4515 escaping they rest on.
 */
import { createLambdaHandler } from "connector-kit/appflow";
import { ldapConnector } from "./connector.js";

export { ldapConnector } from "./connector.js";
export * from "./directory.js";
export * from "./escape.js";
export * as identity from "./identity.js";
export { LDAP_IDENTITY_TYPES, ldapIdentityFunctions } from "./lumos.js";
export { withDirectory } from "./session.js";
export { directoryConfig, settings } from "./settings.js";

/** The AWS Lambda entry point (`index.handler`): AppFlow events in, AppFlow responses out. */
export const handler = createLambdaHandler(ldapConnector);
