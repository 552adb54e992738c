import { describe, expect, it } from "vitest";
import { createJsonLogger } from "../core/log/logger.js";
import type { CommandIo } from "./command.js";
import { humanLogLine, logWriter } from "./log-output.js";

function io(stderrIsTTY: boolean): CommandIo & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    stdout: () => {},
    stderr: (text) => written.push(text),
    stdin: async () => null,
    cwd: ".",
    env: {},
    stderrIsTTY,
  };
}

describe("connector logs on stderr", () => {
  const failure = new TypeError("upstream said no");

  it("are JSON lines when stderr is not a terminal (piped, CI, Lambda)", () => {
    const out = io(false);
    createJsonLogger({ level: "warn", write: logWriter(out, "warn") }).warn("request failed", {
      error: failure,
    });
    const entry = JSON.parse(out.written[0]!);
    expect(entry).toMatchObject({ level: "warn", msg: "request failed", error: { name: "TypeError" } });
    expect(entry.error.stack).toContain("log-output.test.ts");
  });

  it("are readable lines on a terminal, with the stack only at the debug level", () => {
    const out = io(true);
    createJsonLogger({ level: "warn", write: logWriter(out, "warn") }).warn("request failed", {
      error: failure,
      requestId: "r-1",
    });
    expect(out.written).toEqual([
      'WARN  request failed  error="TypeError: upstream said no"  requestId=r-1\n',
    ]);

    const debug = io(true);
    createJsonLogger({ level: "debug", write: logWriter(debug, "debug") }).error("request failed", {
      error: failure,
    });
    expect(debug.written[0]).toMatch(
      /^ERROR request failed {2}error="TypeError: upstream said no"\nTypeError: upstream/,
    );
    expect(debug.written[0]).toContain("log-output.test.ts");
  });

  it("leaves a line that is not JSON as it is", () => {
    expect(humanLogLine("plain text", false)).toBe("plain text");
  });
});
