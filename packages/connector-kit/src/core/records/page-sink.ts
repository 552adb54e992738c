import { ConnectorError } from "../errors/connector-error.js";
import type { DataRecord } from "./data-record.js";
import { PageGuard } from "./page-guard.js";

/**
 * Where a query page's records go as they are collected: the host decides their form (JSON text for the
 * AppFlow wire, objects in process) and whether a record still fits.
 */
export interface PageSink<T> {
  /** Adds the `index`th record of its upstream page; false (nothing added) when the page has no room left. */
  add(record: DataRecord, index: number): boolean;
  /** The records added so far. */
  readonly records: T[];
}

function notAnObject(index: number): ConnectorError {
  return new ConnectorError(
    "ServerError",
    `The connector produced a record (#${index}) that is not an object`,
  );
}

/** Records as JSON text, within a byte budget for the encoded response (AppFlow's wire). */
export class JsonPageSink implements PageSink<string> {
  readonly #guard: PageGuard;

  /** `budgetBytes`: bytes the records may take in the encoded response. */
  constructor(budgetBytes: number) {
    this.#guard = new PageGuard(budgetBytes);
  }

  add(record: DataRecord, index: number): boolean {
    if (record === null || typeof record !== "object" || Array.isArray(record)) throw notAnObject(index);
    let text: string;
    try {
      text = JSON.stringify(record);
    } catch (error) {
      throw new ConnectorError(
        "ServerError",
        `The connector produced a record (#${index}) that is not JSON-serializable`,
        { cause: error },
      );
    }
    return this.#guard.tryAdd(text);
  }

  get records(): string[] {
    return this.#guard.records;
  }
}

/** Records as the connector made them, with no byte budget: for callers in the same process. */
export class ObjectPageSink implements PageSink<DataRecord> {
  readonly records: DataRecord[] = [];

  add(record: DataRecord, index: number): boolean {
    if (record === null || typeof record !== "object" || Array.isArray(record)) throw notAnObject(index);
    this.records.push(record);
    return true;
  }
}
