// What a task entry says besides its arguments, as the pool gives it and as a worker checks it.
import { checkIndex, checkIndexes, malformed } from "./_wire_check.ts";

/**
 * Where a worker finds the task: an export of a module, by name; or a function's source text
 * (with its name, and `twins` when the pool was given several live functions that look alike,
 * see `lib/worker/task_ref.ts`), which the worker takes as the module's export by reference
 * when it is that export, and otherwise compiles (only if started with `--allow-source`).
 */
export type TaskSource =
  | {
    readonly module: string;
    readonly name: string;
    readonly source?: string;
    readonly twins?: true;
  }
  | { readonly source: string; readonly name?: string; readonly twins?: true };

/** One call of an `apply` batch: its own call id and arguments. */
export interface ApplyUnit {
  /** The call's id, which its outcome in the reply carries. */
  readonly call: number;
  /** The call's arguments: `task(...args)`. */
  readonly args: readonly unknown[];
}

/** The fields every entry has. */
export interface TaskFields {
  /** The call (for an `apply` batch, an id of the batch); replies are kept per (call, chunk). */
  readonly call: number;
  /** The chunk's index in its call (0 for an `apply` batch). */
  readonly chunk: number;
  /** What to run: an export of a module, or source text. */
  readonly task: TaskSource;
  /** How many more times the units may run after their worker died. */
  readonly retries?: number;
  /** Milliseconds each unit may run, from its start. */
  readonly timeout?: number;
  /** The pool's initializer, run in each worker process before its tasks (same rules). */
  readonly initializer?: TaskSource;
  /** The initializer's arguments (with an initializer only), encoded as the arguments are. */
  readonly initargs?: readonly unknown[];
}

/**
 * One entry's work: an `apply` batch of calls made in one tick, or a chunk of a `map` (one item
 * per call of the task) or `starmap` (one argument list per call).
 */
export type WireTask =
  | TaskFields & { readonly kind: "apply"; readonly units: readonly ApplyUnit[] }
  | TaskFields & { readonly kind: "map"; readonly items: readonly unknown[] }
  | TaskFields & { readonly kind: "starmap"; readonly items: readonly (readonly unknown[])[] };

/** An entry's header: what a worker may check before it reads any argument. */
export interface TaskHeader extends Omit<TaskFields, "initargs"> {
  /** The id of the pool that sent the entry. */
  readonly pool: string;
  /** What the entry holds: an `apply` batch, or a `map` or `starmap` chunk. */
  readonly kind: WireTask["kind"];
}

const KINDS = new Set(["apply", "map", "starmap"]);
const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

// A task source as the header records it: only its own fields, in one order.
function sourceRecord(task: TaskSource): Record<string, unknown> {
  const record: Record<string, unknown> = "module" in task ? { module: task.module } : {};
  if (task.name !== undefined) record.name = task.name;
  if (task.source !== undefined) record.source = task.source;
  if (task.twins !== undefined) record.twins = task.twins;
  return record;
}

/** The header fields of `task`, for the body. */
export function headerOf(task: WireTask): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    call: task.call,
    chunk: task.chunk,
    kind: task.kind,
    task: sourceRecord(task.task),
  };
  if (task.retries !== undefined) fields.retries = task.retries;
  if (task.timeout !== undefined) fields.timeout = task.timeout;
  if (task.initializer !== undefined) fields.init = sourceRecord(task.initializer);
  return fields;
}

/** Checks a task before it is encoded; a TypeError names what is wrong. */
export function checkTask(task: WireTask, pool: string): void {
  const what = "encodeTask()'s task";
  const wrong = (detail: string) => new TypeError(`${what} ${detail}`);
  if (typeof task !== "object" || task === null) throw wrong(`must be an object, received ${task}`);
  try {
    taskHeader(headerOf(task), pool, what);
  } catch (error) {
    throw wrong(`is not valid: ${(error as Error).message.replace(/^.*? is malformed: /, "")}`);
  }
  if (
    task.initializer === undefined ? task.initargs !== undefined : !Array.isArray(task.initargs)
  ) {
    throw wrong("needs initargs (an array) with an initializer, and none without");
  }
  if (task.kind === "apply") {
    if (!Array.isArray(task.units) || task.units.length === 0) {
      throw wrong("of kind apply needs a non-empty list of units { call, args }");
    }
    const calls = new Set<number>();
    for (const unit of task.units) {
      if (!Number.isSafeInteger(unit?.call) || unit.call < 0 || !Array.isArray(unit.args)) {
        throw wrong("has a unit that is not { call: whole number ≥ 0, args: array }");
      }
      if (calls.has(unit.call)) throw wrong(`lists call ${unit.call} twice`);
      calls.add(unit.call);
    }
  } else if (!Array.isArray(task.items)) {
    throw wrong(`of kind ${task.kind} needs a list of items`);
  } else if (task.kind === "starmap" && !task.items.every(Array.isArray)) {
    throw wrong("of kind starmap needs a list of argument lists");
  }
}

/** Reads a header, decoded or about to be encoded; a TypeError says what is malformed. */
export function taskHeader(
  fields: Record<string, unknown>,
  pool: string,
  what: string,
): TaskHeader {
  if (typeof pool !== "string" || pool === "") throw malformed(what, "its pool id is not a string");
  const call = checkIndex(fields.call, "call", what);
  const chunk = checkIndex(fields.chunk, "chunk", what);
  const kind = fields.kind;
  if (typeof kind !== "string" || !KINDS.has(kind)) {
    throw malformed(what, 'its kind is not "apply", "map" or "starmap"');
  }
  const header: { -readonly [K in keyof TaskHeader]: TaskHeader[K] } = {
    pool,
    call,
    chunk,
    kind: kind as TaskHeader["kind"],
    task: readSource(fields.task, what, "task"),
  };
  if (fields.init !== undefined) header.initializer = readSource(fields.init, what, "initializer");
  if (fields.retries !== undefined) header.retries = checkIndex(fields.retries, "retries", what);
  if (fields.timeout !== undefined) {
    const timeout = fields.timeout;
    if (typeof timeout !== "number" || !(timeout > 0) || !Number.isFinite(timeout)) {
      throw malformed(what, "its timeout is not a positive number of milliseconds");
    }
    header.timeout = timeout;
  }
  return header;
}

function readSource(value: unknown, what: string, which: string): TaskSource {
  const bad = () =>
    malformed(
      what,
      `its ${which} should be { module: an absolute URL, name: an export name } or ` +
        "{ module?, name?, source: the function's text, twins?: true }",
    );
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw bad();
  const { module, name, source, twins, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length > 0 || (twins !== undefined && twins !== true)) throw bad();
  if (source !== undefined && (typeof source !== "string" || source === "")) throw bad();
  if (module !== undefined) {
    if (typeof module !== "string" || !URL.canParse(module)) throw bad();
    // By export name alone, or a named function's source: never the source without a name.
    if (source === undefined) {
      if (typeof name !== "string" || !EXPORT_NAME.test(name) || twins !== undefined) throw bad();
      return { module, name };
    }
    if (typeof name !== "string" || name === "") throw bad();
    return twins ? { module, name, source, twins } : { module, name, source };
  }
  if (source === undefined || (name !== undefined && typeof name !== "string")) throw bad();
  const task: { source: string; name?: string; twins?: true } = { source };
  if (name !== undefined) task.name = name;
  if (twins) task.twins = true;
  return task;
}

/** Reads a decoded task header and, for an apply batch, its units' call ids. */
export function readTaskHeader(
  fields: unknown,
  pool: string,
  what: string,
): { task: TaskHeader; calls: number[] | null } {
  if (typeof fields !== "object" || fields === null) {
    throw malformed(what, "its header is not a record");
  }
  const record = fields as Record<string, unknown>;
  const task = taskHeader(record, pool, what);
  if (task.kind !== "apply") return { task, calls: null };
  const calls = checkIndexes(record.calls, "calls", what, 1 << 20);
  if (calls.length === 0 || new Set(calls).size !== calls.length) {
    throw malformed(what, "an apply batch must list one or more distinct call ids");
  }
  checkIndex(record.call, "call", what);
  return { task, calls };
}
