import type { Command } from "../command.js";

/** A command as help lists it; its module is imported only when the command runs, so start-up stays fast. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/** Every command of the `connector` executable, in the order help lists them. */
export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "init",
    summary: "Create a new connector project: a connector skeleton, tests that pass, README and scripts",
    load: async () => (await import("./init.js")).initCommand,
  },
  {
    name: "invoke",
    summary:
      "Call one AppFlow operation on a connector exactly as AppFlow would, and print the response JSON",
    load: async () => (await import("./invoke.js")).invokeCommand,
  },
  {
    name: "describe",
    summary:
      "Summarize a connector: configuration, auth schemes, settings, the entity tree, or one entity's fields",
    load: async () => (await import("./describe.js")).describeCommand,
  },
  {
    name: "dev",
    summary:
      "Watch a connector's sources: reload it on each save, check it (or run the conformance suite), optionally serve it",
    load: async () => (await import("./dev.js")).devCommand,
  },
  {
    name: "test",
    summary:
      "Run the conformance suite: the whole AppFlow sequence against a connector, checking every invariant",
    load: async () => (await import("./test.js")).testCommand,
  },
  {
    name: "spec",
    summary: "Print the JSON Schema of every AppFlow request and response, or a Lumos OpenAPI document",
    load: async () => (await import("./spec.js")).specCommand,
  },
  {
    name: "package",
    summary: "Bundle a connector into a Lambda zip, with a CloudFormation template and a Dockerfile",
    load: async () => (await import("./package.js")).packageCommand,
  },
  {
    name: "serve",
    summary: "Serve a connector over HTTP: POST /<capability> (Lumos) and POST /appflow/<operation>",
    load: async () => (await import("./serve.js")).serveCommand,
  },
  {
    name: "console",
    summary:
      "Open a local web console: connections, entities, query and write workbenches, conformance, flows",
    load: async () => (await import("./console.js")).consoleCommand,
  },
  {
    name: "compile",
    summary:
      "Build the Lumos on-prem package: <app_id>-<version>.tar.gz with main, a Node.js runtime and metadata.toml",
    load: async () => (await import("./compile.js")).compileCommand,
  },
  {
    name: "image",
    summary:
      "Build the connector's Lambda container image without Docker, push it to ECR, or copy it between repositories",
    load: async () => (await import("./image.js")).imageCommand,
  },
  {
    name: "deploy",
    summary: "Create or update the connector's Lambda function, let AppFlow invoke it, and register it",
    load: async () => (await import("./deploy.js")).deployCommand,
  },
  {
    name: "logs",
    summary: "Print a deployed connector's logs from CloudWatch Logs, or run a Logs Insights query on them",
    load: async () => (await import("./logs.js")).logsCommand,
  },
  {
    name: "flow",
    summary:
      "Run flows between two connectors on this machine, the way AppFlow would, or deploy and start them on AppFlow",
    load: async () => (await import("./flow.js")).flowCommand,
  },
  {
    name: "completion",
    summary: "Print a shell completion script for bash, zsh or fish",
    load: async () => (await import("./completion.js")).completionCommand,
  },
];
