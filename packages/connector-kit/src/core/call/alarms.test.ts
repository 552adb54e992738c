import { describe, expect, it } from "vitest";
import { Alarms } from "./alarms.js";

const later = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("Alarms: one timer for every call's deadline", () => {
  it("fires each alarm once its time has passed, in any order of adding, and never a removed one", async () => {
    const alarms = new Alarms();
    const fired: string[] = [];
    const start = performance.now();
    const add = (name: string, ms: number) => {
      const alarm = {
        at: start + ms,
        fire: () => fired.push(`${name}@${Math.round(performance.now() - start)}`),
      };
      alarms.add(alarm);
      return alarm;
    };
    add("c", 90);
    add("a", 30);
    const removed = add("b", 60);
    add("d", 0);
    alarms.delete(removed);
    await later(150);
    expect(fired.map((f) => f.split("@")[0])).toEqual(["d", "a", "c"]);
    for (const f of fired) {
      const [name, at] = f.split("@");
      expect(Number(at)).toBeGreaterThanOrEqual({ a: 29, c: 89, d: 0 }[name as "a" | "c" | "d"]);
    }
  });

  it("an alarm added again from its own fire() fires a second time", async () => {
    const alarms = new Alarms();
    let count = 0;
    const alarm = {
      at: performance.now() + 10,
      fire: () => {
        count++;
        if (count === 1) {
          alarm.at = performance.now() + 10;
          alarms.add(alarm);
        }
      },
    };
    alarms.add(alarm);
    await later(80);
    expect(count).toBe(2);
  });

  it("does not keep the process alive once no alarm is pending", async () => {
    const { spawnSync } = await import("node:child_process");
    const { fileURLToPath } = await import("node:url");
    const module = fileURLToPath(new URL("./alarms.ts", import.meta.url));
    // An alarm an hour away, removed at once: the process must exit now, not in an hour.
    const script = `import { Alarms } from ${JSON.stringify(module)};
      const a = new Alarms(); const x = { at: performance.now() + 3600000, fire() {} }; a.add(x); a.delete(x);`;
    const started = Date.now();
    const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      timeout: 20_000,
    });
    expect(result.status, String(result.stderr)).toBe(0);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
