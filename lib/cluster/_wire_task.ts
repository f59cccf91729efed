// What a task entry says besides its arguments, as the pool gives it and as a worker checks it.
import { checkIndex, checkIndexes, malformed } from "./_wire_check.ts";

/** Where a worker finds the task: an export of a module, or (where allowed) source text. */
export type TaskSource =
  | { readonly module: string; readonly name: string }
  | { readonly source: string; readonly name?: string };

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
export interface TaskHeader extends TaskFields {
  /** The id of the pool that sent the entry. */
  readonly pool: string;
  /** What the entry holds: an `apply` batch, or a `map` or `starmap` chunk. */
  readonly kind: WireTask["kind"];
}

const KINDS = new Set(["apply", "map", "starmap"]);
const EXPORT_NAME = /^[A-Za-z_$][\w$]*$/;

/** The header fields of `task`, for the body. */
export function headerOf(task: WireTask): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    call: task.call,
    chunk: task.chunk,
    kind: task.kind,
    task: "module" in task.task
      ? { module: task.task.module, name: task.task.name }
      : task.task.name === undefined
      ? { source: task.task.source }
      : { source: task.task.source, name: task.task.name },
  };
  if (task.retries !== undefined) fields.retries = task.retries;
  if (task.timeout !== undefined) fields.timeout = task.timeout;
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
    task: readSource(fields.task, what),
  };
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

function readSource(value: unknown, what: string): TaskSource {
  const task = typeof value === "object" && value !== null ? value as Record<string, unknown> : {};
  const name = task.name;
  if (typeof task.module === "string") {
    if (!URL.canParse(task.module) || typeof name !== "string" || !EXPORT_NAME.test(name)) {
      throw malformed(what, "its task should be { module: an absolute URL, name: an export name }");
    }
    return { module: task.module, name };
  }
  if (typeof task.source === "string" && task.source !== "") {
    if (name === undefined) return { source: task.source };
    if (typeof name === "string") return { source: task.source, name };
  }
  throw malformed(what, "its task should be { module, name } or { source }");
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
