/**
 * `connector-kit/identity`: the identity capability model — capability names, typed payloads and their
 * JSON Schemas, Lumos credentials and error codes, page tokens, and what `defineConnector({ identity })`
 * accepts.
 */
export * from "./capability-names.js";
export * from "./credentials.js";
export * from "./errors.js";
export * from "./identity-capabilities.js";
export * from "./json-schema.js";
export * from "./oauth-capabilities.js";
export * from "./page-token.js";
export * from "./payloads.js";
export * from "./schemas.js";
