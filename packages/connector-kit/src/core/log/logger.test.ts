import { describe, expect, it } from "vitest";
import { createJsonLogger } from "./logger.js";

describe("createJsonLogger", () => {
  it("writes one JSON object per line with level, message, base and call fields", () => {
    const lines: string[] = [];
    const log = createJsonLogger({
      level: "info",
      write: (l) => lines.push(l),
      now: () => 0,
      fields: { app: "x" },
    });
    log.debug("hidden");
    log.child({ requestType: "QueryDataRequest" }).warn("slow", { ms: 12, error: new Error("boom") });
    expect(lines).toHaveLength(1);
    const entry = JSON.parse(lines[0]!);
    expect(entry).toMatchObject({
      time: "1970-01-01T00:00:00.000Z",
      level: "warn",
      msg: "slow",
      app: "x",
      requestType: "QueryDataRequest",
      ms: 12,
    });
    expect(entry.error).toMatchObject({ name: "Error", message: "boom" });
  });

  it("redacts every finished line", () => {
    const lines: string[] = [];
    const log = createJsonLogger({
      write: (l) => lines.push(l),
      redact: (t) => t.replaceAll("hunter2", "[REDACTED]"),
    });
    log.error("login failed for hunter2", { password: "hunter2", cause: new Error("hunter2 rejected") });
    expect(lines.join("\n")).not.toContain("hunter2");
  });

  it("survives fields that cannot be serialized", () => {
    const lines: string[] = [];
    const cyclic: Record<string, unknown> = {};
    cyclic["self"] = cyclic;
    createJsonLogger({ write: (l) => lines.push(l) }).info("cyclic", { cyclic });
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: "cyclic", note: "fields not serializable" });
  });
});
