/**
 * connector-kit/pglite: embedded PostgreSQL (PGlite) that starts fast, for connectors' local databases and the
 * flow runner's state. Needs `@electric-sql/pglite` installed (a peer dependency, loaded only when called).
 */
export { createPGliteDataDir, emptyPGliteCluster } from "./pglite-data-dir.js";
