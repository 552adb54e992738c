import { describe, expect, it } from "vitest";
import type { EntityDefinition } from "../core/model/entity.js";
import type { DataRecord } from "../core/records/data-record.js";
import type { FlowTask } from "./flow-definition.js";
import { compileTasks, type TaskOutcome, taskFieldProblems } from "./tasks.js";

const run = (task: FlowTask, record: DataRecord, source: EntityDefinition | null = null): TaskOutcome =>
  compileTasks([task], source)({ ...record });

describe("tasks", () => {
  it("Map renames a field, or copies it with keepSource; a missing field becomes null", () => {
    expect(run({ type: "Map", source: "a", destination: "b", keepSource: false }, { a: 1, c: 2 })).toEqual({
      kind: "keep",
      record: { c: 2, b: 1 },
    });
    expect(run({ type: "Map", source: "a", destination: "b", keepSource: true }, { a: 1 })).toEqual({
      kind: "keep",
      record: { a: 1, b: 1 },
    });
    expect(run({ type: "Map", source: "x", destination: "b", keepSource: false }, {})).toEqual({
      kind: "keep",
      record: { b: null },
    });
  });

  it("reads and writes fields named like Object.prototype's properties as plain fields", () => {
    const parsed = (text: string) => JSON.parse(text) as DataRecord;
    const mapped = run({ type: "Map", source: "toString", destination: "__proto__", keepSource: false }, {});
    expect(mapped.kind).toBe("keep");
    const out = (mapped as { record: DataRecord }).record;
    // Before: the prototype's toString function was read, and assigning __proto__ changed the prototype.
    expect(JSON.stringify(out)).toBe('{"__proto__":null}');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const renamed = run(
      { type: "Map", source: "__proto__", destination: "p", keepSource: false },
      parsed('{"__proto__":{"polluted":true},"id":1}'),
    );
    expect(JSON.stringify((renamed as { record: DataRecord }).record)).toBe('{"id":1,"p":{"polluted":true}}');
    const merged = run(
      { type: "Merge", fields: ["constructor", "id"], destination: "__proto__", separator: "-" },
      { id: 7 },
    );
    expect(JSON.stringify((merged as { record: DataRecord }).record)).toBe('{"id":7,"__proto__":"-7"}');
    expect(
      run({ type: "Validate", field: "valueOf", operator: "VALIDATE_NON_NULL", action: "DropRecord" }, {}),
    ).toMatchObject({ kind: "error", message: expect.stringContaining("valueOf") });
  });

  it("Filter keeps what the filter language accepts, typed by the source entity", () => {
    const source: EntityDefinition = {
      entity: { entityIdentifier: "t", hasNestedEntities: false },
      fields: [
        { fieldName: "at", dataType: "DateTime" },
        { fieldName: "amount", dataType: "BigDecimal" },
      ],
    };
    const task: FlowTask = { type: "Filter", expression: "at > 2026-01-01T00:00:00Z and amount >= 10.5" };
    expect(run(task, { at: "2026-02-01T00:00:00.000Z", amount: "10.50" }, source).kind).toBe("keep");
    expect(run(task, { at: "2025-12-31T23:59:59Z", amount: "99" }, source)).toEqual({ kind: "skip" });
    expect(run(task, { at: "2026-02-01T00:00:00Z", amount: "10.49" }, source)).toEqual({ kind: "skip" });
  });

  it("Mask masks all, the first N or the last N characters (null stays null)", () => {
    const mask = (operator: "MASK_ALL" | "MASK_FIRST_N" | "MASK_LAST_N", n: number, value: unknown) =>
      run({ type: "Mask", operator, field: "v", n, maskValue: "*" }, { v: value });
    expect(mask("MASK_ALL", 0, "secret")).toEqual({ kind: "keep", record: { v: "******" } });
    expect(mask("MASK_FIRST_N", 12, "4111111111111111")).toEqual({
      kind: "keep",
      record: { v: "************1111" },
    });
    expect(mask("MASK_LAST_N", 3, "abcdef")).toEqual({ kind: "keep", record: { v: "abc***" } });
    expect(mask("MASK_LAST_N", 10, "ab")).toEqual({ kind: "keep", record: { v: "**" } });
    expect(mask("MASK_ALL", 0, 1234)).toEqual({ kind: "keep", record: { v: "****" } });
    expect(mask("MASK_ALL", 0, null)).toEqual({ kind: "keep", record: { v: null } });
  });

  it("Truncate cuts text to a length, by characters", () => {
    const t: FlowTask = { type: "Truncate", field: "v", length: 3 };
    expect(run(t, { v: "abcdef" })).toEqual({ kind: "keep", record: { v: "abc" } });
    expect(run(t, { v: "ab" })).toEqual({ kind: "keep", record: { v: "ab" } });
    expect(run(t, { v: "😀😀😀😀" })).toEqual({ kind: "keep", record: { v: "😀😀😀" } });
    expect(run(t, { v: 123456 })).toEqual({ kind: "keep", record: { v: 123456 } });
  });

  it("Validate: non-null, non-zero, non-negative and numeric, dropping or terminating", () => {
    const v = (operator: Extract<FlowTask, { type: "Validate" }>["operator"], value: unknown) =>
      run({ type: "Validate", operator, field: "v", action: "DropRecord" }, { v: value });
    expect(v("VALIDATE_NON_NULL", 0).kind).toBe("keep");
    expect(v("VALIDATE_NON_NULL", null)).toEqual({
      kind: "error",
      task: 0,
      message: "VALIDATE_NON_NULL: v is null",
      terminate: false,
      record: { v: null },
    });
    expect(v("VALIDATE_NON_NULL", undefined).kind).toBe("error");
    expect(v("VALIDATE_NON_ZERO", "0.00")).toMatchObject({
      kind: "error",
      message: "VALIDATE_NON_ZERO: v is zero",
    });
    expect(v("VALIDATE_NON_ZERO", 3).kind).toBe("keep");
    expect(v("VALIDATE_NON_NEGATIVE", -0.5)).toMatchObject({
      message: "VALIDATE_NON_NEGATIVE: v is negative",
    });
    expect(v("VALIDATE_NON_NEGATIVE", "12.30").kind).toBe("keep");
    expect(v("VALIDATE_NUMERIC", "12e3").kind).toBe("keep");
    expect(v("VALIDATE_NUMERIC", "12a")).toMatchObject({ message: "VALIDATE_NUMERIC: v is not numeric" });
    expect(
      run({ type: "Validate", operator: "VALIDATE_NON_NULL", field: "v", action: "TerminateFlow" }, {}),
    ).toMatchObject({ kind: "error", terminate: true });
  });

  it("Arithmetic adds, subtracts, multiplies and divides two fields (numeric text accepted)", () => {
    const a = (
      operator: "ADDITION" | "SUBTRACTION" | "MULTIPLICATION" | "DIVISION",
      x: unknown,
      y: unknown,
    ) => run({ type: "Arithmetic", operator, fields: ["x", "y"], destination: "z" }, { x, y });
    expect(a("ADDITION", 2, "3.5")).toEqual({ kind: "keep", record: { x: 2, y: "3.5", z: 5.5 } });
    expect(a("SUBTRACTION", 2, 3)).toMatchObject({ record: { z: -1 } });
    expect(a("MULTIPLICATION", "1.5", 4)).toMatchObject({ record: { z: 6 } });
    expect(a("DIVISION", 9, 3)).toMatchObject({ record: { z: 3 } });
    expect(a("DIVISION", 9, 0)).toMatchObject({ kind: "error", message: "DIVISION: division by zero" });
    expect(a("ADDITION", "x", 1)).toMatchObject({ kind: "error", message: "ADDITION: x is not numeric" });
  });

  it("Merge concatenates fields with a separator (null as empty); Drop removes fields", () => {
    expect(
      run(
        { type: "Merge", fields: ["a", "b", "c"], separator: " ", destination: "m" },
        { a: "Ada", b: null, c: 7 },
      ),
    ).toEqual({
      kind: "keep",
      record: { a: "Ada", b: null, c: 7, m: "Ada  7" },
    });
    // Numbers as JSON writes them: an overflow to Infinity (from an Arithmetic task) is null there.
    expect(
      compileTasks(
        [
          { type: "Arithmetic", operator: "MULTIPLICATION", fields: ["x", "x"], destination: "big" },
          { type: "Merge", fields: ["big", "x", "n"], separator: "|", destination: "m" },
        ],
        null,
      )({ x: 1e200, n: -0 }),
    ).toMatchObject({ record: { m: "null|1e+200|0" } });
    expect(run({ type: "Drop", fields: ["a", "z"] }, { a: 1, b: 2 })).toEqual({
      kind: "keep",
      record: { b: 2 },
    });
  });

  it("runs tasks in order and stops at the first that skips or fails", () => {
    const transform = compileTasks(
      [
        { type: "Map", source: "n", destination: "name", keepSource: false },
        { type: "Validate", operator: "VALIDATE_NON_NULL", field: "name", action: "DropRecord" },
        { type: "Truncate", field: "name", length: 2 },
      ],
      null,
    );
    expect(transform({ n: "Grace" })).toEqual({ kind: "keep", record: { name: "Gr" } });
    // The error file gets the record as the failing task got it: renamed by the Map before it.
    expect(transform({ x: 1 })).toEqual({
      kind: "error",
      task: 1,
      message: "VALIDATE_NON_NULL: name is null",
      terminate: false,
      record: { x: 1, name: null },
    });
  });

  it("Map and Drop keep the other fields in their order (a renamed field goes last, an existing one stays)", () => {
    const keys = (outcome: TaskOutcome) => (outcome.kind === "keep" ? Object.keys(outcome.record) : []);
    expect(
      keys(run({ type: "Map", source: "a", destination: "d", keepSource: false }, { a: 1, b: 2, c: 3 })),
    ).toEqual(["b", "c", "d"]);
    const onto = run({ type: "Map", source: "a", destination: "b", keepSource: false }, { a: 1, b: 0, c: 3 });
    expect(keys(onto)).toEqual(["b", "c"]);
    expect(onto).toEqual({ kind: "keep", record: { b: 1, c: 3 } });
    expect(keys(run({ type: "Drop", fields: ["b"] }, { a: 1, b: 2, c: 3 }))).toEqual(["a", "c"]);
  });
});

describe("taskFieldProblems", () => {
  const source: EntityDefinition = {
    entity: { entityIdentifier: "orders", hasNestedEntities: false, isWritable: false },
    fields: [
      { fieldName: "id", dataType: "Integer" },
      { fieldName: "email", dataType: "String" },
      { fieldName: "first", dataType: "String" },
      { fieldName: "last", dataType: "String" },
      { fieldName: "price", dataType: "Double" },
      { fieldName: "qty", dataType: "Integer" },
      { fieldName: "paid", dataType: "Boolean" },
    ],
  };

  it("accepts tasks on the source's fields and on the fields earlier tasks made", () => {
    const tasks: FlowTask[] = [
      { type: "Merge", fields: ["first", "last"], separator: " ", destination: "name" },
      { type: "Arithmetic", operator: "MULTIPLICATION", fields: ["price", "qty"], destination: "total" },
      { type: "Map", source: "id", destination: "customer_id", keepSource: false },
      { type: "Filter", expression: "total > 0 and name != 'x' and customer_id IN (1, 2)" },
      { type: "Mask", operator: "MASK_ALL", field: "email", n: 0, maskValue: "*" },
      { type: "Validate", operator: "VALIDATE_NON_NULL", field: "customer_id", action: "DropRecord" },
      { type: "Drop", fields: ["first", "last"] },
      { type: "Truncate", field: "name", length: 10 },
    ];
    expect(taskFieldProblems(tasks, source)).toEqual([]);
  });

  it("names each task field no record holds there, with the closest field", () => {
    const tasks: FlowTask[] = [
      { type: "Mask", operator: "MASK_FIRST_N", field: "emial", n: 3, maskValue: "*" },
      { type: "Map", source: "id", destination: "customer_id", keepSource: false },
      { type: "Validate", operator: "VALIDATE_NON_NULL", field: "id", action: "DropRecord" },
      { type: "Drop", fields: ["email", "prcie"] },
      { type: "Filter", expression: "email = 'a' or qyt > 1 or paid = 'yes' or customer_id > 2.5" },
      { type: "Merge", fields: ["first", "middle"], separator: " ", destination: "name" },
    ];
    expect(taskFieldProblems(tasks, source)).toEqual([
      'tasks[0].field: no field "emial" reaches this task (did you mean "email"?)',
      'tasks[2].field: no field "id" reaches this task (did you mean "paid"?)',
      'tasks[3].fields: no field "prcie" reaches this task (did you mean "price"?)',
      'tasks[4].expression: no field "email" reaches this task',
      'tasks[4].expression: no field "qyt" reaches this task (did you mean "qty"?)',
      // A Filter's values must fit the types, a Map keeping its source's: as AppFlow checks its Filter tasks.
      "tasks[4].expression: field 'paid' (Boolean): expects true or false",
      "tasks[4].expression: field 'customer_id' (Integer): expects a whole number, got 2.5",
      'tasks[5].fields: no field "middle" reaches this task',
    ]);
  });

  it("compiles a Filter with the types its fields have at the task, as it checks them", () => {
    // A Map gives `email` the Double of `price`; a Merge makes `qty` a String. Compared by the source's types
    // (String, Integer), neither condition could hold, though the check accepts both.
    const tasks: FlowTask[] = [
      { type: "Map", source: "price", destination: "email", keepSource: true },
      { type: "Merge", fields: ["first", "last"], separator: " ", destination: "qty" },
      { type: "Filter", expression: "email > 9.5 and qty = 'Ada Lovelace'" },
    ];
    expect(taskFieldProblems(tasks, source)).toEqual([]);
    const transform = compileTasks(tasks, source);
    const order = (price: number, last = "Lovelace") => ({ email: "a@b", first: "Ada", last, price, qty: 2 });
    expect(transform(order(9.75))).toMatchObject({
      kind: "keep",
      record: { email: 9.75, qty: "Ada Lovelace" },
    });
    expect(transform(order(9.25))).toEqual({ kind: "skip" });
    expect(transform(order(9.75, "Byron"))).toEqual({ kind: "skip" });
  });

  it("keeps a Map's source with keepSource, and when it maps a field onto itself", () => {
    const map = (keepSource: boolean, destination = "copy"): FlowTask => ({
      type: "Map",
      source: "id",
      destination,
      keepSource,
    });
    const validateId: FlowTask = {
      type: "Validate",
      operator: "VALIDATE_NON_NULL",
      field: "id",
      action: "DropRecord",
    };
    expect(taskFieldProblems([map(true), validateId], source)).toEqual([]);
    expect(taskFieldProblems([map(false, "id"), validateId], source)).toEqual([]);
    expect(taskFieldProblems([map(false), validateId], source)).toHaveLength(1);
  });
});
