/**
 * Rows that commit late are not lost: a transaction takes `updated_at = now()` before an incremental run and
 * commits after it; the next run's look-back re-reads the end of the previous window. On a real PostgreSQL
 * server (Debian's postgresql package), with a short delay and a matching small look-back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  findPostgresBinaries,
  INSTALL_HINT,
  type PostgresServer,
  startPostgresServer,
} from "../../../../examples/postgres/test/postgres-server.js";
import { tempDir } from "./test-support/fixtures.js";
import { closeTrialDatabases, lateCommitTrial } from "./test-support/late-commit.js";

const bindir = findPostgresBinaries();

if (bindir === null) {
  describe("late commits on a real PostgreSQL server", () => {
    it.skip(`skipped: no PostgreSQL server binaries; install them with: ${INSTALL_HINT}`, () => {});
  });
} else {
  let server: PostgresServer | undefined;
  beforeAll(async () => {
    server = await startPostgresServer(bindir);
  }, 120_000);
  afterAll(async () => {
    await closeTrialDatabases();
    await server?.stop();
  });

  describe("late commits on a real PostgreSQL server", () => {
    it("a row committed after the run that should have read it is read by the next run (look-back 10 s: longer than the transaction stays open, whatever the load)", async () => {
      const outcome = await lateCommitTrial(server!, tempDir("ck-flow-late-"), "late_kept", "10s", 1000);
      expect(outcome.commitDelayMs).toBeGreaterThanOrEqual(1000);
      expect(outcome).toMatchObject({ lost: false, value: "late" });
    }, 120_000);

    it("without a look-back the same row is left behind the watermark for good (why the look-back exists)", async () => {
      const outcome = await lateCommitTrial(server!, tempDir("ck-flow-late-"), "late_lost", "0", 1000);
      expect(outcome).toMatchObject({ lost: true, value: "old" });
    }, 120_000);
  });
}
