import type { DataRecord } from "../core/records/data-record.js";
import { getField } from "../core/records/record-field.js";
import { sleep } from "../core/sleep.js";
import { CheckpointWriter } from "./checkpoint-writer.js";
import {
  ConnectorCallError,
  type FlowConnectorClient,
  type QueryAnswer,
  RETRYABLE_CODES,
} from "./connector-client.js";
import type { ErrorFile } from "./error-file.js";
import type { FlowDefinition } from "./flow-definition.js";
import { FlowRunError } from "./flow-run-error.js";
import type { CallFailure, PreparedSides } from "./prepare-sides.js";
import type { RunCounts } from "./state-store.js";

/** Where a run resumes in the source: the source's token and how many pages were accepted before it. */
export interface ResumePosition {
  nextToken: string | null;
  pages: number;
}

/** Everything one run's pipeline works with. */
export interface RecordPipelineSetup {
  flow: FlowDefinition;
  source: FlowConnectorClient;
  destination: FlowConnectorClient;
  sides: PreparedSides;
  /** The filter expression sent to the source (the flow's, with the incremental window). */
  filter: string | null;
  runId: number;
  /** Where to start; `pages` counts the pages accepted before it. */
  start: ResumePosition;
  /** Updated as records move; the caller reads them for progress and the run's record. */
  counts: RunCounts;
  errors: ErrorFile;
  redact: (text: string) => string;
  callFailure: CallFailure;
  /** Stores the resume position (with the counts). */
  saveCheckpoint: (position: ResumePosition) => Promise<void>;
  /** Stores the counts alone. */
  saveCounts: () => Promise<void>;
  /** Called after each page and batch. */
  onProgress: () => void;
  /** Attempts of a retryable call; first retry delay in ms (doubling); least time between checkpoints. */
  attempts: number;
  retryDelayMs: number;
  checkpointEveryMs: number | undefined;
  signal: AbortSignal | undefined;
  now: () => number;
}

/** A page whose records are not all accepted yet; `nextToken` resumes after it. */
interface PendingPage {
  nextToken: string | null;
  remaining: number;
}

/**
 * Records on their way to the destination, in page order, with the pages they came from as runs (`spans`):
 * a page's records are consecutive, so a batch of thousands names only the few pages it spans, and no object
 * is made per record.
 */
interface Batch {
  records: DataRecord[];
  spans: Span[];
}

/** `count` consecutive records of `page`. */
interface Span {
  page: PendingPage;
  count: number;
}

/** The first `size` records of `from` (all of them when it holds no more), taken out of it. */
function takeBatch(from: Batch, size: number): Batch {
  if (from.records.length <= size) {
    const all = { records: from.records, spans: from.spans };
    from.records = [];
    from.spans = [];
    return all;
  }
  const records = from.records.slice(0, size);
  from.records = from.records.slice(size);
  const spans: Span[] = [];
  let left = size;
  while (left > 0) {
    const span = from.spans[0]!;
    if (span.count <= left) {
      spans.push(from.spans.shift()!);
      left -= span.count;
    } else {
      spans.push({ page: span.page, count: left });
      span.count -= left;
      left = 0;
    }
  }
  return { records, spans };
}

/** A batch being written: its call and the keys of its records (see `#keysOf`). */
interface InFlight {
  done: Promise<void>;
  keys: BatchKeys;
}

/**
 * Moves a run's records: reads the source page by page (one page ahead, so the source and the destination
 * work at the same time and no more than two pages are held), runs the tasks, writes batches, and moves the
 * checkpoint past a page only once all its records were accepted — saved in the background, never holding the
 * pipeline up. With `writesInFlight` above 1, the next batch is sent while earlier ones are still being written,
 * unless one of its records has the key of a record in flight (the later write must land last) or the flow stops
 * at the first failed record; the checkpoint still moves only past pages all of whose records were accepted,
 * whatever order the batches finish in. Record failures go to the error file; a FlowRunError ends the run.
 */
export class RecordPipeline {
  readonly #s: RecordPipelineSetup;
  readonly #pending: PendingPage[] = [];
  readonly #checkpoints: CheckpointWriter;
  readonly #buffer: Batch = { records: [], spans: [] };
  #resume: ResumePosition;
  #sourceDone = false;
  #reading: Promise<QueryAnswer> | null = null;
  readonly #writing = new Set<InFlight>();
  /** Most batches written at once: one when the flow stops at the first failed record. */
  readonly #writesInFlight: number;

  constructor(setup: RecordPipelineSetup) {
    this.#s = setup;
    const { flow } = setup;
    this.#writesInFlight = flow.errors.failOnError ? 1 : Math.max(1, flow.destination.writesInFlight ?? 1);
    this.#resume = { ...setup.start };
    this.#checkpoints = new CheckpointWriter(
      () => setup.saveCheckpoint({ ...this.#resume }),
      setup.saveCounts,
      { minIntervalMs: setup.checkpointEveryMs },
    );
  }

  /** Runs to the end of the source; `saveFirst` stores the starting checkpoint first (a new run's window). */
  async run(saveFirst: boolean): Promise<void> {
    const { flow, counts, signal } = this.#s;
    if (saveFirst) await this.#s.saveCheckpoint({ ...this.#resume });
    this.#reading = this.#read(this.#resume.nextToken);
    while (!this.#sourceDone) {
      if (signal?.aborted) throw new FlowRunError("Aborted", "The run was cancelled");
      const answer: QueryAnswer | null = await this.#reading;
      if (answer === null) break;
      this.#reading = answer.nextToken === null ? null : this.#read(answer.nextToken);
      counts.pages++;
      if (answer.bytes !== null) counts.bytesRead += answer.bytes;
      const page: PendingPage = { nextToken: answer.nextToken, remaining: 0 };
      this.#pending.push(page);
      for (const record of answer.records) this.#transform(record, page);
      const size = flow.destination.batchSize;
      while (this.#buffer.records.length >= size) await this.#send(takeBatch(this.#buffer, size));
      if (answer.nextToken === null && this.#buffer.records.length > 0) {
        await this.#send(takeBatch(this.#buffer, size));
      }
      if (answer.nextToken === null) await this.#drain(0);
      if (this.#advance()) this.#checkpoints.save();
      this.#s.onProgress();
      if (answer.nextToken === null) this.#sourceDone = true;
    }
    await this.#checkpoints.flush();
  }

  /**
   * Waits for what is still in flight (a page read ahead, batches being written, a checkpoint save) after a
   * failure, never throwing.
   */
  async settle(): Promise<void> {
    await Promise.allSettled([this.#reading, ...[...this.#writing].map((w) => w.done)]);
    await Promise.allSettled([this.#checkpoints.flush()]);
  }

  /**
   * Starts writing a batch once it may: fewer than `writesInFlight` batches in flight, none of them holding one
   * of its keys. Throws the failure of a batch that was in flight.
   */
  async #send(batch: Batch): Promise<void> {
    const most = this.#writesInFlight;
    if (most === 1) return this.#writeBatch(batch);
    const keys = this.#keysOf(batch);
    for (;;) {
      const clash =
        keys === null ? this.#writing.size > 0 : [...this.#writing].some((w) => overlaps(w.keys, keys));
      if (this.#writing.size < most && !clash) break;
      await Promise.race([...this.#writing].map((w) => w.done));
    }
    const item: InFlight = { done: this.#writeBatch(batch), keys: keys ?? new BatchKeys() };
    this.#writing.add(item);
    // A failure is thrown by the race or drain that awaits it; settle() waits for it after a failure.
    item.done.then(
      () => this.#writing.delete(item),
      () => {},
    );
  }

  /** Waits until at most `most` batches are in flight, throwing the first failure among them. */
  async #drain(most: number): Promise<void> {
    while (this.#writing.size > most) await Promise.race([...this.#writing].map((w) => w.done));
  }

  /**
   * The keys of a batch's records: one key field's value as `keyValue` takes it (1 and "1" alike: the
   * destination may compare them as one), several fields' as the JSON of their texts. Null when the flow names
   * no key fields: nothing tells which records write the same row, so such a batch waits for every batch before
   * it.
   */
  #keysOf(batch: Batch): BatchKeys | null {
    const names = this.#s.flow.destination.idFieldNames;
    if (names.length === 0) return null;
    const keys = new BatchKeys();
    for (const record of batch.records) {
      // One key field (the usual case): its value alone, no text made for a number.
      if (names.length === 1) {
        keys.add(keyValue(getField(record, names[0]!)));
        continue;
      }
      // Several: the JSON of their texts, which no two different lists share (a joined text could).
      keys.add(JSON.stringify(names.map((name) => String(keyValue(getField(record, name))))));
    }
    return keys;
  }

  #read(from: string | null): Promise<QueryAnswer> {
    const { flow, sides, filter } = this.#s;
    const answer = this.#withRetry("Source", () =>
      this.#s.source.query({
        entityIdentifier: flow.source.entity,
        entityDefinition: sides.sourceDefinition,
        fields: flow.source.fields,
        filterExpression: filter,
        nextToken: from,
        maxResults: flow.source.pageSize,
      }),
    );
    answer.catch(() => {}); // awaited by run(), or given up on when the run fails first
    return answer;
  }

  #transform(record: DataRecord, page: PendingPage): void {
    const { flow, counts } = this.#s;
    counts.recordsRead++;
    const outcome = this.#s.sides.transform(record);
    if (outcome.kind === "keep") {
      page.remaining++;
      const { records, spans } = this.#buffer;
      records.push(outcome.record);
      const last = spans[spans.length - 1];
      if (last?.page === page) last.count++;
      else spans.push({ page, count: 1 });
      return;
    }
    if (outcome.kind === "skip") {
      counts.recordsSkipped++;
      return;
    }
    counts.recordsFailed++;
    const task = flow.tasks[outcome.task];
    this.#s.errors.add({
      time: new Date(this.#s.now()).toISOString(),
      runId: this.#s.runId,
      stage: "task",
      task: outcome.task,
      taskType: task?.type ?? null,
      message: this.#s.redact(outcome.message),
      record: outcome.record ?? record,
    });
    this.#recordFailure(outcome.terminate, `Task ${outcome.task} (${task?.type}): ${outcome.message}`);
  }

  async #writeBatch(batch: Batch): Promise<void> {
    const { flow, counts, redact } = this.#s;
    const answer = await this.#withRetry("Destination", () =>
      this.#s.destination.write({
        entityIdentifier: flow.destination.entity,
        entityDefinition: this.#s.sides.destinationDefinition,
        operation: flow.destination.operation,
        idFieldNames: flow.destination.idFieldNames,
        allOrNone: flow.destination.allOrNone,
        records: batch.records,
      }),
    );
    counts.batches++;
    if (answer.bytes !== null) counts.bytesWritten += answer.bytes;
    let firstFailure: string | null = null;
    let i = 0;
    for (const span of batch.spans) {
      for (const end = i + span.count; i < end; i++) {
        const result = answer.results[i];
        if (result?.isSuccess) {
          counts.recordsWritten++;
        } else {
          // The destination's message may quote what it was given, a password included.
          const message = redact(
            result?.errorMessage ?? answer.error?.errorMessage ?? "The destination refused the record",
          );
          counts.recordsFailed++;
          firstFailure ??= message;
          this.#s.errors.add({
            time: new Date(this.#s.now()).toISOString(),
            runId: this.#s.runId,
            stage: "write",
            task: null,
            taskType: null,
            message,
            record: batch.records[i]!,
          });
        }
      }
      span.page.remaining -= span.count;
    }
    if (this.#advance()) this.#checkpoints.save();
    else this.#checkpoints.saveCounts();
    this.#s.onProgress();
    if (firstFailure !== null) this.#recordFailure(false, `Write failed: ${firstFailure}`);
  }

  /** Moves past the leading pages whose records were all accepted; true when the checkpoint moved. */
  #advance(): boolean {
    let moved = false;
    while (this.#pending.length > 0 && this.#pending[0]!.remaining === 0) {
      const page = this.#pending.shift()!;
      this.#resume.pages++;
      if (page.nextToken === null) this.#sourceDone = true;
      else {
        this.#resume.nextToken = page.nextToken;
        moved = true;
      }
    }
    return moved;
  }

  #recordFailure(stop: boolean, message: string): void {
    if (stop || this.#s.flow.errors.failOnError) {
      throw new FlowRunError("RecordFailed", `${message} (the flow stops at the first failed record)`);
    }
  }

  async #withRetry<T>(what: "Source" | "Destination", call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (!(error instanceof ConnectorCallError)) throw error;
        if (!RETRYABLE_CODES.has(error.errorCode) || attempt >= this.#s.attempts) {
          throw this.#s.callFailure(what, error);
        }
        const delay =
          error.retryAfterSeconds !== null
            ? error.retryAfterSeconds * 1000
            : this.#s.retryDelayMs * 2 ** (attempt - 1);
        await sleep(delay, this.#s.signal);
      }
    }
  }
}

/** A record's key as `#keysOf` compares it. */
export type BatchKey = string | number;

/**
 * A key field's value as the destination may compare it: 1 and "1" alike. A number stays a number (no text
 * made per record), a number's canonical text becomes that number, anything else its text (objects as JSON).
 */
export function keyValue(value: unknown): BatchKey {
  if (typeof value === "number") return value;
  if (typeof value === "string") {
    const n = Number(value);
    return String(n) === value ? n : value;
  }
  return typeof value === "object" && value !== null ? JSON.stringify(value) : String(value);
}

/**
 * The keys of a batch, and the range of them while all are numbers: batches of a source read in key order
 * then hold ranges that do not meet, which tells them apart without a look-up per key.
 */
export class BatchKeys {
  readonly set = new Set<BatchKey>();
  low = Number.POSITIVE_INFINITY;
  high = Number.NEGATIVE_INFINITY;
  numeric = true;

  add(key: BatchKey): void {
    this.set.add(key);
    // NaN is no point of a range (yet two NaN keys are the same key).
    if (typeof key !== "number" || Number.isNaN(key)) this.numeric = false;
    else if (this.numeric) {
      if (key < this.low) this.low = key;
      if (key > this.high) this.high = key;
    }
  }
}

/** True when the two batches share a key. */
export function overlaps(a: BatchKeys, b: BatchKeys): boolean {
  if (a.numeric && b.numeric && (a.high < b.low || b.high < a.low)) return false;
  const [small, large] = a.set.size <= b.set.size ? [a.set, b.set] : [b.set, a.set];
  for (const key of small) if (large.has(key)) return true;
  return false;
}
