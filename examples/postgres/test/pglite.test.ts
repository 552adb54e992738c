import { afterAll } from "vitest";
import { closeAllDatabases } from "../src/database.js";
import { pgliteBackend } from "./backends.js";
import { defineInjectionScenarios } from "./injection-scenarios.js";
import { defineScenarios } from "./scenarios.js";

defineScenarios("PGlite (embedded)", pgliteBackend);
defineInjectionScenarios("PGlite (embedded)", pgliteBackend);

afterAll(closeAllDatabases);
