import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Connector } from "../core/define/define-connector.js";
import type { ConnectorHandlers } from "../core/handlers.js";
import { connectorExportOf, importModuleFile } from "../loading/connector-module.js";
import { UsageError } from "./command.js";

/**
 * Loads a connector module (TypeScript source or built JavaScript) and returns the connector it exports:
 * the export named `connector`, else the default export, else the first export that is a connector or a
 * set of low-level handlers.
 */
export async function loadConnector(path: string, cwd: string): Promise<Connector | ConnectorHandlers> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UsageError(`No connector module at ${file}`);
  const found = connectorExportOf(await importModuleFile(file));
  if (!found) {
    throw new UsageError(
      `${path} exports no connector (export one made with defineConnector as "connector")`,
    );
  }
  return found;
}
