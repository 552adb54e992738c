import type { Command } from "../command.js";
import { describeCommand } from "./describe.js";
import { initCommand } from "./init.js";
import { invokeCommand } from "./invoke.js";
import { specCommand } from "./spec.js";

/** Every command of the `connector` executable, in the order help lists them. */
export const COMMANDS: readonly Command[] = [initCommand, invokeCommand, describeCommand, specCommand];
