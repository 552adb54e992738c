// One helper starts a real PostgreSQL server for the whole repository's tests (test-support/postgres-server.ts).
export {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  startPostgresServer,
} from "../../../test-support/postgres-server.js";
