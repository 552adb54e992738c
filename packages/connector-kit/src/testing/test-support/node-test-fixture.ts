/*
 * Run by register.test.ts under node's own test runner (`node --import tsx --test`), to show that
 * describeConformance works with node:test. FIXTURE=broken runs it on a broken connector.
 */
import { describe, it } from "node:test";
import { describeConformance } from "../register.js";
import { fakeReservedName } from "./fakes.js";
import { shopConnector, shopSecrets, shopTestConfig } from "./shop-connector.js";

const connector = process.env["FIXTURE"] === "broken" ? fakeReservedName() : shopConnector();
await describeConformance(
  connector,
  shopTestConfig(),
  { describe, it },
  { secrets: shopSecrets(), title: "shop" },
);
