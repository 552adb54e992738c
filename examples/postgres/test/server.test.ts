import { afterAll, beforeAll, describe, it } from "vitest";
import { closeAllDatabases } from "../src/database.js";
import { type BackendFactory, pgliteBackend, serverBackend } from "./backends.js";
import { defineBulkWriteScenarios } from "./bulk-write-scenarios.js";
import { defineCopyWriteScenarios } from "./copy-write-scenarios.js";
import { defineDateTimeScenarios } from "./date-time-scenarios.js";
import { defineInjectionScenarios } from "./injection-scenarios.js";
import { definePlanScenarios } from "./plan-scenarios.js";
import {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  startPostgresServer,
} from "./postgres-server.js";
import { defineScenarios } from "./scenarios.js";
import {
  defineBackendDifferentialScenarios,
  defineWriteDifferentialScenarios,
} from "./write-differential-scenarios.js";

const bindir = findPostgresBinaries();

if (bindir === null) {
  describe("PostgreSQL connector scenarios on a real server", () => {
    it.skip(`skipped: no PostgreSQL server binaries; install them with: ${INSTALL_HINT}`, () => {});
  });
} else {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgresServer(bindir);
  });
  afterAll(async () => {
    await closeAllDatabases();
    await server?.stop();
  });
  const factory: BackendFactory = () => {
    if (!server) throw new Error("the server did not start");
    return serverBackend(server)();
  };
  defineScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineInjectionScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineBulkWriteScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineDateTimeScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineCopyWriteScenarios(`a PostgreSQL server (${bindir})`, factory);
  definePlanScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineWriteDifferentialScenarios(`a PostgreSQL server (${bindir})`, factory);
  defineBackendDifferentialScenarios(`a PostgreSQL server (${bindir})`, factory, pgliteBackend);
}
