import { ConnectorDefinitionError } from "../core/errors/connector-definition-error.js";
import type { ConnectorDefinition } from "./define-connector.js";

const DATA_READ = ["query", "retrieve"] as const;

/** The data capabilities a definition declares: the entity tree and its description, and reading or writing records. */
export function dataCapabilitiesOf(def: ConnectorDefinition): string[] {
  return (["listEntities", "describeEntity", ...DATA_READ, "write"] as const).filter(
    (name) => typeof def[name] === "function",
  );
}

/** The identity capabilities a definition declares (its functions, custom ones included). */
export function identityCapabilitiesOf(def: ConnectorDefinition): string[] {
  const identity = def.identity;
  if (!identity) return [];
  const standard = Object.entries(identity)
    .filter(([key, value]) => typeof value === "function" && key !== "custom")
    .map(([key]) => key);
  return [...standard, ...Object.keys(identity.custom ?? {}), ...(identity.oauth ? ["oauth"] : [])];
}

/**
 * Checks that a definition can serve data (AppFlow, the flow runner): `listEntities`, `describeEntity`, and
 * `query`, `retrieve` or `write`. Throws a ConnectorDefinitionError naming what is missing.
 */
export function requireDataCapabilities(def: ConnectorDefinition, host: string): void {
  const missing: string[] = [];
  if (typeof def.listEntities !== "function") missing.push("listEntities");
  if (typeof def.describeEntity !== "function") missing.push("describeEntity");
  if (![...DATA_READ, "write" as const].some((name) => typeof def[name] === "function")) {
    missing.push("query, retrieve or write");
  }
  if (missing.length === 0) return;
  const identity =
    identityCapabilitiesOf(def).length > 0 ? " It has identity capabilities: run it on Lumos." : "";
  throw new ConnectorDefinitionError(
    `${host} needs the data capabilities of connector ${def.name}: it lacks ${missing.join(", ")}.${identity}`,
  );
}

/** Checks that a definition declares at least one capability of any kind; throws a ConnectorDefinitionError. */
export function requireSomeCapability(def: ConnectorDefinition): void {
  if (dataCapabilitiesOf(def).length > 0 || identityCapabilitiesOf(def).length > 0) return;
  throw new ConnectorDefinitionError(
    `Connector ${def.name} declares no capability: give it data capabilities (listEntities, describeEntity, query, retrieve, write) for AppFlow, identity capabilities for Lumos, or both`,
  );
}
