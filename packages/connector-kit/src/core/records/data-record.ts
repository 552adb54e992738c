/** One record as a connector produces or consumes it: field name → JSON value. */
export type DataRecord = Record<string, unknown>;

/** One page of records from an upstream, with the upstream's token for the page after it. */
export interface RecordPage {
  records: DataRecord[];
  /** The upstream's token for the next page; absent or null when this is the last page. */
  nextToken?: string | null;
}

/** What a connector's write returns for one record. */
export interface WriteOutcome {
  isSuccess: boolean;
  /** Id of the written record, when known. */
  recordId?: string | null;
  /** Why the record was not written. */
  errorMessage?: string | null;
}
