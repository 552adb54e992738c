import type { DataRecord } from "./data-record.js";

/**
 * A record's own field, or undefined when it has none: a field named like a property of Object.prototype
 * (`toString`, `constructor`, `__proto__`) is never read from the prototype.
 */
export function getField(record: DataRecord, name: string): unknown {
  return Object.hasOwn(record, name) ? record[name] : undefined;
}

/**
 * Sets a record's field as its own property. A plain assignment would do the same for every name but
 * `__proto__`, which it takes as the object's prototype: the field would be lost, and an object value would
 * lend its properties to the record.
 */
export function setField(record: DataRecord, name: string, value: unknown): void {
  if (name === "__proto__") {
    Object.defineProperty(record, name, { value, writable: true, enumerable: true, configurable: true });
  } else {
    record[name] = value;
  }
}
