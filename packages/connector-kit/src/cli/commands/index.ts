import type { Command } from "../command.js";
import { compileCommand } from "./compile.js";
import { deployCommand } from "./deploy.js";
import { describeCommand } from "./describe.js";
import { flowCommand } from "./flow.js";
import { initCommand } from "./init.js";
import { invokeCommand } from "./invoke.js";
import { logsCommand } from "./logs.js";
import { packageCommand } from "./package.js";
import { serveCommand } from "./serve-lumos.js";
import { specCommand } from "./spec.js";
import { testCommand } from "./test.js";

/** Every command of the `connector` executable, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  initCommand,
  invokeCommand,
  describeCommand,
  testCommand,
  specCommand,
  packageCommand,
  serveCommand,
  compileCommand,
  deployCommand,
  logsCommand,
  flowCommand,
];
