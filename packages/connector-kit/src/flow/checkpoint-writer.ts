/**
 * Saves a run's progress in the background so the pipeline never waits on the state store: one save at a
 * time, each writing the state as it is when the save starts (the latest accepted position), and requests
 * made while one runs coalesce into one more. A failed save is thrown from the next request or `flush`.
 */
export class CheckpointWriter {
  readonly #saveCheckpoint: () => Promise<void>;
  readonly #saveCounts: () => Promise<void>;
  #running: Promise<void> | null = null;
  #wanted: "checkpoint" | "counts" | null = null;
  #failed = false;
  #failure: unknown;

  /** `saveCheckpoint` stores the resume position and counts; `saveCounts` the counts alone. */
  constructor(saveCheckpoint: () => Promise<void>, saveCounts: () => Promise<void>) {
    this.#saveCheckpoint = saveCheckpoint;
    this.#saveCounts = saveCounts;
  }

  /** Asks for the resume position to be saved. */
  save(): void {
    this.#request("checkpoint");
  }

  /** Asks for the counts to be saved (a checkpoint asked for already saves them). */
  saveCounts(): void {
    this.#request("counts");
  }

  /** Waits until every requested save is done; throws the first failure. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
    if (this.#failed) throw this.#failure;
  }

  #request(kind: "checkpoint" | "counts"): void {
    if (this.#failed) throw this.#failure;
    if (this.#wanted !== "checkpoint") this.#wanted = kind;
    this.#running ??= this.#drain();
  }

  async #drain(): Promise<void> {
    try {
      while (this.#wanted !== null && !this.#failed) {
        const kind = this.#wanted;
        this.#wanted = null;
        try {
          await (kind === "checkpoint" ? this.#saveCheckpoint() : this.#saveCounts());
        } catch (error) {
          this.#failed = true;
          this.#failure = error;
        }
      }
    } finally {
      this.#running = null;
    }
  }
}
