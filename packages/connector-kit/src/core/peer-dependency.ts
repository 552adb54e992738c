import { ConnectorError } from "./errors/connector-error.js";

/** Whether `cause` is Node's "module not found" for the package `name` (not for something it imports). */
function isMissing(cause: unknown, name: string): boolean {
  if (typeof cause !== "object" || cause === null) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  return (
    (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") &&
    typeof message === "string" &&
    message.includes(`'${name}'`)
  );
}

/** The install hint for `cause` if it is `name` missing, else `undefined`. */
function installHint(
  cause: unknown,
  name: string,
  neededFor: string,
  dev: boolean,
): ConnectorError | undefined {
  if (!isMissing(cause, name)) return undefined;
  const install = `npm install ${dev ? "--save-dev " : ""}${name}`;
  return new ConnectorError(
    "ServerError",
    `${neededFor} needs the package ${name}, which is not installed; install it next to connector-kit: ${install}`,
    { cause },
  );
}

/**
 * The error for an optional peer dependency that is not installed: it says which package, what needs it,
 * and how to install it. Any other failure to load the package is rethrown as it is.
 *
 * The AWS SDK clients are peers because the Lambda Node.js runtime has them and only the commands that call
 * AWS need them elsewhere; the development tools (esbuild, tsx, PGlite, Hono, ajv) because a connector running
 * in Lambda needs none of them.
 *
 * @param name the package, e.g. `esbuild`
 * @param neededFor what needs it, e.g. `connector package`
 * @param options.dev whether the hint installs it as a development dependency. Default: `false`.
 */
export function missingPeer(
  name: string,
  neededFor: string,
  options: { readonly dev?: boolean } = {},
): (cause: unknown) => never {
  return (cause) => {
    throw installHint(cause, name, neededFor, options.dev ?? false) ?? cause;
  };
}

/** The optional development tools, and the hint for each when one is missing. */
const DEV_PEERS: ReadonlyArray<readonly [name: string, neededFor: string]> = [
  ["esbuild", "Bundling a connector (connector package, compile)"],
  ["tsx", "Loading a TypeScript connector module"],
  ["@electric-sql/pglite", "Importing a flow state directory of an earlier version (connector flow)"],
  ["hono", "The HTTP host (connector serve)"],
  ["@hono/node-server", "The HTTP host (connector serve)"],
];

/**
 * The install hint for an error that is a missing optional development tool (from an import anywhere below
 * the caller), or `undefined` for any other error.
 */
export function missingDevPeerHint(error: unknown): ConnectorError | undefined {
  for (const [name, neededFor] of DEV_PEERS) {
    const hint = installHint(error, name, neededFor, true);
    if (hint) return hint;
  }
  return undefined;
}
