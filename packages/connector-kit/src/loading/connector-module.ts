import { pathToFileURL } from "node:url";
import type { ConnectorHandlers } from "../core/handlers.js";
import { missingPeer } from "../core/peer-dependency.js";
import type { Connector } from "../define/define-connector.js";

/** True for what `defineConnector` returns. */
export function isConnector(value: unknown): value is Connector {
  return typeof value === "object" && value !== null && "handlers" in value && "configuration" in value;
}

/** True for a set of low-level handlers (configuration, metadata, record). */
export function isHandlers(value: unknown): value is ConnectorHandlers {
  return (
    typeof value === "object" &&
    value !== null &&
    "configuration" in value &&
    "metadata" in value &&
    "record" in value
  );
}

/**
 * The connector a module exports: the export named `connector`, else the default export, else the first
 * export that is a connector or a set of low-level handlers; undefined when there is none.
 */
export function connectorExportOf(
  module: Record<string, unknown>,
): Connector | ConnectorHandlers | undefined {
  const candidates = [module["connector"], module["default"], ...Object.values(module)];
  return candidates.find(isConnector) ?? candidates.find(isHandlers);
}

/**
 * Imports a module file. TypeScript is imported natively when a loader is registered (`--import tsx`), so
 * the module is shared with the caller's own imports; otherwise through tsx's `tsImport`.
 */
export async function importModuleFile(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (!/\.[cm]?tsx?$/.test(file) || code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    const { tsImport } = await import("tsx/esm/api").catch(
      missingPeer("tsx", "Loading a TypeScript connector module", { dev: true }),
    );
    return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  }
}

/**
 * The release function a connector module exports as `dispose` (`export async function dispose()`): it closes
 * what the module keeps open across calls (database pools, embedded databases, sockets) so the process can
 * exit. The CLI and the flow runner call it once after their last call. Undefined when there is none.
 */
export function disposerOf(module: Record<string, unknown>): (() => Promise<void>) | undefined {
  const dispose = module["dispose"];
  if (typeof dispose !== "function") return undefined;
  // One wrapper per function, so callers can tell two sides of a flow loaded from one module apart.
  let wrapper = disposers.get(dispose);
  if (!wrapper) {
    wrapper = async () => void (await (dispose as () => unknown)());
    disposers.set(dispose, wrapper);
  }
  return wrapper;
}

const disposers = new WeakMap<object, () => Promise<void>>();
