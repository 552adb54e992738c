import { describe, expect, it } from "vitest";
import { ConnectorError } from "../errors/connector-error.js";
import { abortedError, raceWithSignal } from "./abort.js";

describe("abort helpers", () => {
  it("uses a ConnectorError reason as is, and wraps any other reason", () => {
    const deadline = new ConnectorError("RequestTimeout", "deadline");
    expect(abortedError(AbortSignal.abort(deadline), "r")).toBe(deadline);
    const wrapped = abortedError(AbortSignal.abort(), "ref-1");
    expect(wrapped.code).toBe("RequestTimeout");
    expect(wrapped.message).toBe("Resolving secret ref-1 was aborted");
  });

  it("settles with the promise, or rejects on abort and ignores a later rejection", async () => {
    await expect(raceWithSignal(Promise.resolve(1), new AbortController().signal, "r")).resolves.toBe(1);
    const controller = new AbortController();
    let rejectLater: (e: unknown) => void = () => {};
    const slow = new Promise<number>((_, reject) => {
      rejectLater = reject;
    });
    const raced = raceWithSignal(slow, controller.signal, "r");
    controller.abort();
    await expect(raced).rejects.toMatchObject({ code: "RequestTimeout" });
    rejectLater(new Error("late")); // must not become an unhandled rejection
  });
});
