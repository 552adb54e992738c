import { ConnectorError } from "./errors/connector-error.js";

/**
 * The error for an optional peer dependency that could not be loaded: it says which package, what needs
 * it, and how to install it. (The AWS SDK clients are peers: present in the Lambda Node.js runtime, and
 * needed elsewhere only by the commands that call AWS.)
 */
export function missingPeer(name: string, neededFor: string): (cause: unknown) => never {
  return (cause) => {
    throw new ConnectorError(
      "ServerError",
      `${neededFor} needs the package ${name}, which could not be loaded; install it next to connector-kit: npm install ${name}`,
      { cause },
    );
  };
}
