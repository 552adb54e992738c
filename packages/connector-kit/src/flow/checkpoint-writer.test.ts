import { describe, expect, it } from "vitest";
import { CheckpointWriter } from "./checkpoint-writer.js";

/** A save that waits until released, recording the state it saw when it started. */
function gatedSaves(state: { position: number }) {
  const saved: string[] = [];
  const gates: (() => void)[] = [];
  const save = (kind: string) => () =>
    new Promise<void>((resolve) => {
      saved.push(`${kind}@${state.position}`);
      gates.push(resolve);
    });
  const releaseAll = async () => {
    for (let i = 0; i < 20; i++) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { saved, save, releaseAll };
}

describe("CheckpointWriter: checkpoints that never hold up the pipeline", () => {
  it("runs one save at a time, coalesces requests into one save of the latest state, and flush waits for all", async () => {
    const state = { position: 1 };
    const { saved, save, releaseAll } = gatedSaves(state);
    const writer = new CheckpointWriter(save("checkpoint"), save("counts"), { minIntervalMs: 0 });
    writer.save(); // starts at once
    state.position = 2;
    writer.saveCounts();
    state.position = 3;
    writer.save(); // the pending counts save becomes a checkpoint
    writer.saveCounts(); // a checkpoint is already wanted; it saves the counts too
    state.position = 4;
    const flushed = writer.flush();
    await releaseAll();
    await flushed;
    expect(saved).toEqual(["checkpoint@1", "checkpoint@4"]);
  });

  it("saves at most once per interval, the latest state when the interval is over, and flush saves at once", async () => {
    let clock = 0;
    const state = { position: 0 };
    const saved: number[] = [];
    const writer = new CheckpointWriter(
      async () => {
        saved.push(state.position);
      },
      async () => {},
      { minIntervalMs: 40, now: () => clock },
    );
    for (let i = 1; i <= 5; i++) {
      state.position = i;
      writer.save();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(saved).toEqual([1]); // the others wait for the interval
    clock = 40;
    await new Promise((r) => setTimeout(r, 60));
    expect(saved).toEqual([1, 5]);
    state.position = 6;
    writer.save();
    await writer.flush(); // does not wait for the interval
    expect(saved).toEqual([1, 5, 6]);
  });

  it("throws a failed save from the next request and from flush", async () => {
    const writer = new CheckpointWriter(
      () => Promise.reject(new Error("disk full")),
      () => Promise.resolve(),
    );
    writer.save();
    await expect(writer.flush()).rejects.toThrow("disk full");
    expect(() => writer.saveCounts()).toThrow("disk full");
  });
});
