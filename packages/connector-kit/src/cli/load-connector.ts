import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { ConnectorHandlers } from "../core/handlers.js";
import type { Connector } from "../define/define-connector.js";
import { connectorExportOf, disposerOf, importModuleFile } from "../loading/connector-module.js";
import { UsageError } from "./command.js";

/**
 * A connector module that threw while it was imported: the message names the module, the error and where
 * it was thrown, with the stack frames of the project's own files (not Node's or node_modules').
 */
export class ConnectorModuleError extends Error {
  override readonly name = "ConnectorModuleError";

  constructor(file: string, cause: unknown) {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    const frames = (error.stack ?? "")
      .split("\n")
      .filter((line) => /^\s+at /.test(line) && !/node:|node_modules|\(native\)/.test(line))
      .map((line) => `  ${line.trim()}`);
    super([`importing ${file} failed: ${error.name}: ${error.message}`, ...frames.slice(0, 8)].join("\n"), {
      cause,
    });
  }
}

/**
 * Loads a connector module (TypeScript source or built JavaScript) and returns the connector it exports:
 * the export named `connector`, else the default export, else the first export that is a connector or a
 * set of low-level handlers.
 */
export async function loadConnector(path: string, cwd: string): Promise<Connector | ConnectorHandlers> {
  return (await loadConnectorModule(path, cwd)).connector;
}

/**
 * Like {@link loadConnector}, with the module's `dispose` export (undefined when it has none), which closes
 * what the connector opened; a command calls it after its last call so the process can exit.
 */
export async function loadConnectorModule(
  path: string,
  cwd: string,
): Promise<{ connector: Connector | ConnectorHandlers; dispose: (() => Promise<void>) | undefined }> {
  const file = resolve(cwd, path);
  if (!existsSync(file)) throw new UsageError(`No connector module at ${file}`);
  let module: Record<string, unknown>;
  try {
    module = await importModuleFile(file);
  } catch (error) {
    throw new ConnectorModuleError(file, error);
  }
  const found = connectorExportOf(module);
  if (!found) {
    throw new UsageError(
      `${path} exports no connector (export one made with defineConnector as "connector")`,
    );
  }
  return { connector: found, dispose: disposerOf(module) };
}
