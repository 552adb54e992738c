import type { PostgresServer } from "../../../test-support/postgres-server.js";
import type { ConnectionConfig } from "../src/settings.js";

// One helper starts a real PostgreSQL server for the whole repository's tests (test-support/postgres-server.ts).
export {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  startPostgresServer,
} from "../../../test-support/postgres-server.js";

/** The example's connection to `database` on a test server: loopback TCP, its superuser, no TLS. */
export function serverConfig(
  server: PostgresServer,
  database: string,
): Extract<ConnectionConfig, { kind: "server" }> {
  return {
    kind: "server",
    host: server.host,
    port: server.port,
    database,
    user: server.user,
    password: server.password,
    sslMode: "disable",
    connectTimeoutMs: 5000,
  };
}
