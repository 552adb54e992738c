import { afterAll } from "vitest";
import { closeAllDatabases } from "../src/database.js";
import { pgliteBackend } from "./backends.js";
import { defineBulkWriteScenarios } from "./bulk-write-scenarios.js";
import { defineDateTimeScenarios } from "./date-time-scenarios.js";
import { defineInjectionScenarios } from "./injection-scenarios.js";
import { definePlanScenarios } from "./plan-scenarios.js";
import { defineScenarios } from "./scenarios.js";
import { defineWriteDifferentialScenarios } from "./write-differential-scenarios.js";

defineScenarios("PGlite (embedded)", pgliteBackend);
defineInjectionScenarios("PGlite (embedded)", pgliteBackend);
defineBulkWriteScenarios("PGlite (embedded)", pgliteBackend);
defineDateTimeScenarios("PGlite (embedded)", pgliteBackend);
definePlanScenarios("PGlite (embedded)", pgliteBackend);
defineWriteDifferentialScenarios("PGlite (embedded)", pgliteBackend);

afterAll(closeAllDatabases);
