import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";

/** One line of a run's error file. */
export interface RecordError {
  /** When it happened, ISO-8601. */
  time: string;
  runId: number;
  /** `task` (a task failed it) or `write` (the destination refused it). */
  stage: "task" | "write";
  /** The task's index and type, for task errors. */
  task: number | null;
  taskType: string | null;
  message: string;
  /** The record (as it was when it failed), or its JSON text when it was not parsed. */
  record: unknown;
}

/**
 * Appends record errors as JSON lines. The file is created on the first error only; lines are buffered and
 * written by `flush`, which the engine calls before every checkpoint so that an accepted batch's errors are
 * on disk before the checkpoint moves past them.
 */
export class ErrorFile {
  readonly path: string;
  #buffer: string[] = [];
  #count = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** Errors added so far. */
  get count(): number {
    return this.#count;
  }

  add(error: RecordError): void {
    this.#buffer.push(`${JSON.stringify(error)}\n`);
    this.#count++;
    if (this.#buffer.length >= 512) this.flush();
  }

  flush(): void {
    if (this.#buffer.length === 0) return;
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, this.#buffer.join(""));
    this.#buffer = [];
  }
}
