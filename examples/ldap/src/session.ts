import type { ConnectorContext } from "connector-kit";
import { Directory } from "./directory.js";
import { directoryConfig, type settings } from "./settings.js";

/** Opens the directory of this call (bind with the call's credentials), runs `fn`, and closes it. */
export async function withDirectory<T>(
  ctx: ConnectorContext<typeof settings>,
  fn: (directory: Directory) => Promise<T>,
): Promise<T> {
  const directory = await Directory.open(directoryConfig(ctx.settings, ctx.credentials));
  try {
    return await fn(directory);
  } finally {
    await directory.close();
  }
}
