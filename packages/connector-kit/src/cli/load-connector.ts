import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Connector } from "../core/define/define-connector.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import { UsageError } from "./command.js";

function isConnector(value: unknown): value is Connector {
  return typeof value === "object" && value !== null && "handlers" in value && "configuration" in value;
}

function isHandlers(value: unknown): value is ConnectorHandlers {
  return (
    typeof value === "object" &&
    value !== null &&
    "configuration" in value &&
    "metadata" in value &&
    "record" in value
  );
}

/**
 * Loads a connector module (TypeScript source or built JavaScript) and returns the connector it exports:
 * the export named `connector`, else the default export, else the first export that is a connector or a
 * set of low-level handlers.
 */
export async function loadConnector(path: string, cwd: string): Promise<Connector | ConnectorHandlers> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UsageError(`No connector module at ${file}`);
  const url = pathToFileURL(file).href;
  let module: Record<string, unknown>;
  if (/\.[cm]?tsx?$/.test(file)) {
    const { tsImport } = await import("tsx/esm/api");
    module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  } else {
    module = (await import(url)) as Record<string, unknown>;
  }
  const candidates = [module["connector"], module["default"], ...Object.values(module)];
  const found = candidates.find(isConnector) ?? candidates.find(isHandlers);
  if (!found) {
    throw new UsageError(
      `${path} exports no connector (export one made with defineConnector as "connector")`,
    );
  }
  return found;
}
