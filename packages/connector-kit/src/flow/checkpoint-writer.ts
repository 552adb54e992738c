/** Options of a {@link CheckpointWriter}. */
export interface CheckpointWriterOptions {
  /**
   * Least time between the starts of two saves, in ms: requests in between coalesce into one save when it is
   * over. A crash then re-reads at most this much more (the destination's UPSERT deduplicates). `flush` saves
   * at once. Default: 500.
   */
  minIntervalMs?: number;
  /** Clock. Default: `performance.now`. */
  now?: () => number;
}

/**
 * Saves a run's progress in the background so the pipeline never waits on the state store: one save at a
 * time, each writing the state as it is when the save starts (the latest accepted position), at most one
 * per `minIntervalMs`, requests made meanwhile coalescing into one more. A failed save is thrown from the
 * next request or `flush`.
 */
export class CheckpointWriter {
  readonly #saveCheckpoint: () => Promise<void>;
  readonly #saveCounts: () => Promise<void>;
  readonly #minIntervalMs: number;
  readonly #now: () => number;
  #running: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #lastStart = Number.NEGATIVE_INFINITY;
  #wanted: "checkpoint" | "counts" | null = null;
  #failed = false;
  #failure: unknown;

  /** `saveCheckpoint` stores the resume position and counts; `saveCounts` the counts alone. */
  constructor(
    saveCheckpoint: () => Promise<void>,
    saveCounts: () => Promise<void>,
    options: CheckpointWriterOptions = {},
  ) {
    this.#saveCheckpoint = saveCheckpoint;
    this.#saveCounts = saveCounts;
    this.#minIntervalMs = options.minIntervalMs ?? 500;
    this.#now = options.now ?? (() => performance.now());
  }

  /** Asks for the resume position to be saved. */
  save(): void {
    this.#request("checkpoint");
  }

  /** Asks for the counts to be saved (a checkpoint asked for already saves them). */
  saveCounts(): void {
    this.#request("counts");
  }

  /** Saves what was asked for now, waits until every save is done, and throws the first failure. */
  async flush(): Promise<void> {
    this.#clearTimer();
    if (this.#wanted !== null) this.#running ??= this.#drain();
    while (this.#running) await this.#running;
    if (this.#failed) throw this.#failure;
  }

  #request(kind: "checkpoint" | "counts"): void {
    if (this.#failed) throw this.#failure;
    if (this.#wanted !== "checkpoint") this.#wanted = kind;
    this.#schedule();
  }

  #schedule(): void {
    if (this.#running || this.#timer || this.#wanted === null) return;
    const wait = this.#lastStart + this.#minIntervalMs - this.#now();
    if (wait <= 0) {
      this.#running = this.#drain();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#schedule();
    }, wait);
  }

  #clearTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
  }

  async #drain(): Promise<void> {
    try {
      const kind = this.#wanted;
      this.#wanted = null;
      this.#lastStart = this.#now();
      if (kind === null) return;
      try {
        await (kind === "checkpoint" ? this.#saveCheckpoint() : this.#saveCounts());
      } catch (error) {
        this.#failed = true;
        this.#failure = error;
      }
    } finally {
      this.#running = null;
      if (!this.#failed) this.#schedule();
    }
  }
}
