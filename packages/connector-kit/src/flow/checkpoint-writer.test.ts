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
    while (gates.length > 0) {
      gates.shift()!();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  return { saved, save, releaseAll };
}

describe("CheckpointWriter: checkpoints that never hold up the pipeline", () => {
  it("runs one save at a time, coalesces requests into one save of the latest state, and flush waits for all", async () => {
    const state = { position: 1 };
    const { saved, save, releaseAll } = gatedSaves(state);
    const writer = new CheckpointWriter(save("checkpoint"), save("counts"));
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
