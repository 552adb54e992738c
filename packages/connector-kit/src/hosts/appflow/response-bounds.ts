import { ConnectorError } from "../../core/errors/connector-error.js";
import type { RequestType } from "../../core/model/requests.js";
import type { JsonObject } from "./wire/decoder.js";

/** Most bytes an `errorMessage` in `errorDetails` takes in a response: 16,384, or a quarter of a smaller limit. */
export const MAX_ERROR_MESSAGE_BYTES = 16_384;

/** Bytes of the smallest write result and its separator: `{"isSuccess":true,"recordId":null,"errorMessage":null},`. */
export const MIN_WRITE_RESULT_BYTES = 54;

const TRUNCATED = " … (truncated)";

/** Bytes `value` takes in `JSON.stringify` output. */
function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** The longest prefix of `text` (whole code points) that, with the truncation mark, encodes within `maxBytes`. */
export function truncateToBytes(text: string, maxBytes: number): string {
  if (jsonBytes(text) <= maxBytes) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (jsonBytes(text.slice(0, mid) + TRUNCATED) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  let end = lo;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--; // never split a surrogate pair
  return end === 0 && jsonBytes(TRUNCATED) > maxBytes ? "" : text.slice(0, end) + TRUNCATED;
}

/**
 * Cuts an over-long `errorDetails.errorMessage` to {@link MAX_ERROR_MESSAGE_BYTES} (or a quarter of
 * `maxBytes`), so that an error's own size can never break a response.
 */
export function boundErrorMessage(response: JsonObject, maxBytes: number): void {
  const details = response["errorDetails"] as JsonObject | null | undefined;
  const message = details?.["errorMessage"];
  if (typeof message !== "string") return;
  const limit = Math.min(MAX_ERROR_MESSAGE_BYTES, Math.floor(maxBytes / 4));
  // A character takes at most 6 bytes in JSON (\u0001), so most messages need no measuring.
  if (message.length * 6 + 2 <= limit) return;
  details!["errorMessage"] = truncateToBytes(message, limit);
}

/**
 * Shortens the longest per-record error messages of a WriteData response until it fits `maxBytes`: every
 * message keeps the same byte allowance (water-filling), so short messages stay whole and one huge message
 * cannot crowd out the rest. Returns false when even empty messages would not fit (record ids too long).
 */
function truncateWriteMessages(response: JsonObject, size: number, maxBytes: number): boolean {
  const results = response["writeRecordResults"];
  if (!Array.isArray(results)) return false;
  const entries: { result: JsonObject; cost: number }[] = [];
  let messageBytes = 0;
  for (const result of results as JsonObject[]) {
    const message = result["errorMessage"];
    if (typeof message !== "string") continue;
    const cost = jsonBytes(message);
    entries.push({ result, cost });
    messageBytes += cost;
  }
  const fixed = size - messageBytes;
  const floor = jsonBytes(TRUNCATED);
  if (fixed + entries.length * floor > maxBytes) return false;
  // The largest allowance `cap` with fixed + Σ min(cost, cap) ≤ maxBytes.
  const costs = entries.map((e) => e.cost).sort((a, b) => a - b);
  let room = maxBytes - fixed;
  let cap = floor;
  for (let i = 0; i < costs.length; i++) {
    const share = Math.floor(room / (costs.length - i));
    if (costs[i]! > share) {
      cap = Math.max(floor, share);
      break;
    }
    room -= costs[i]!;
    cap = costs[i]!;
  }
  for (const { result, cost } of entries) {
    if (cost > cap) result["errorMessage"] = truncateToBytes(result["errorMessage"] as string, cap);
  }
  return true;
}

const OPERATION: Record<RequestType, string> = {
  DescribeConnectorConfigurationRequest: "DescribeConnectorConfiguration",
  ValidateCredentialsRequest: "ValidateCredentials",
  ValidateConnectorRuntimeSettingsRequest: "ValidateConnectorRuntimeSettings",
  ListEntitiesRequest: "ListEntities",
  DescribeEntityRequest: "DescribeEntity",
  RetrieveDataRequest: "RetrieveData",
  WriteDataRequest: "WriteData",
  QueryDataRequest: "QueryData",
};

/**
 * Makes an encoded response fit in `maxBytes` of JSON, or throws a ConnectorError that says why it cannot:
 * WriteData's per-record messages are shortened; records (QueryData, RetrieveData from low-level handlers) are
 * an InvalidArgument asking for smaller pages; any other answer too large is a ServerError naming its size.
 */
export function boundResponse(type: RequestType, response: JsonObject, maxBytes: number): JsonObject {
  const size = jsonBytes(response);
  if (size <= maxBytes) return response;
  const operation = OPERATION[type];
  if (type === "WriteDataRequest") {
    if (truncateWriteMessages(response, size, maxBytes) && jsonBytes(response) <= maxBytes) return response;
    throw new ConnectorError(
      "ServerError",
      `The WriteData results (${size} bytes) exceed the ${maxBytes}-byte response limit even with their ` +
        "error messages cut short; the records may have been written",
    );
  }
  if (type === "QueryDataRequest" || type === "RetrieveDataRequest") {
    throw ConnectorError.invalidArgument(`The response exceeds ${maxBytes} bytes; return smaller pages`);
  }
  let what = `The ${operation} response`;
  if (type === "DescribeEntityRequest") {
    const fields = (response["entityDefinition"] as JsonObject | null)?.["fields"];
    if (Array.isArray(fields)) what = `The entity definition (${fields.length} fields)`;
  }
  throw new ConnectorError(
    "ServerError",
    `${what} encodes to ${size} bytes, over the ${maxBytes}-byte limit of an AppFlow (Lambda) response`,
  );
}
