import { openPGlite } from "./pglite-template.js";

/**
 * Creates an empty PGlite data directory at `dataDir` from the cached template (no initdb), or leaves an
 * existing one as it is. In a file of its own so that the public declarations never reference PGlite's
 * types, which do not type-check without `skipLibCheck`.
 */
export async function createPGliteDataDir(dataDir: string): Promise<void> {
  await (await openPGlite(dataDir)).close();
}
