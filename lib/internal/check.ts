/**
 * Checks of what users hand to a Pool, each failing with an error that names the option and the
 * value received.
 *
 * @module
 */

/** Describes a value for error messages: its type, and its text when short. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === "string") return `the string "${value.slice(0, 40)}"`;
  if (typeof value === "object") return `an object (${value.constructor?.name ?? "no prototype"})`;
  return `${typeof value} ${String(value)}`;
}

/** A positive integer, or a `RangeError` naming `what`. */
export function positiveInteger(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(`${what} must be a positive integer, received ${describe(value)}`);
  }
  return value;
}

/** A duration in ms (>= 0, `Infinity` allowed), or a `RangeError` naming `what`. */
export function duration(value: unknown, what: string): number {
  if (typeof value !== "number" || Number.isNaN(value) || value < 0) {
    throw new RangeError(
      `${what} must be a number of milliseconds >= 0 (or Infinity), received ${describe(value)}`,
    );
  }
  return value;
}

/** A function given as an option, or a `TypeError` naming the option. */
export function functionOption(value: unknown, what: string): void {
  if (typeof value !== "function") {
    throw new TypeError(`${what} must be a function, received ${describe(value)}`);
  }
}

/** An array of arguments (or nothing), or a `TypeError` naming the method. */
export function argumentList(value: unknown, method: string): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${method} expects the arguments as an array, like [1, 2], received ${describe(value)}`,
    );
  }
  return value;
}

/** A sync iterable turned into an array, or a `TypeError` naming the method. */
export function itemList(value: unknown, method: string): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === "object" && Symbol.iterator in value) {
    return Array.from(value as Iterable<unknown>);
  }
  throw new TypeError(`${method} expects an iterable of items, received ${describe(value)}`);
}

/** A sync or async iterable, or a `TypeError` naming the method. */
export function anyIterable(
  value: unknown,
  method: string,
): Iterable<unknown> | AsyncIterable<unknown> {
  if (
    value !== null && typeof value === "object" &&
    (Symbol.iterator in value || Symbol.asyncIterator in value)
  ) {
    return value as Iterable<unknown> | AsyncIterable<unknown>;
  }
  throw new TypeError(
    `${method} expects a sync or async iterable of items, received ${describe(value)}`,
  );
}

/**
 * An options object (`undefined` gives `{}`), or a `TypeError` naming `what`: `null` or a
 * number where options go is a mistake to report, not to read fields from.
 */
export function optionsObject<T extends object>(value: T | undefined, what: string): T {
  if (value === undefined) return {} as T;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(
      `${what} expects an options object such as { timeout: 1000 } (or nothing), received ` +
        describe(value),
    );
  }
  return value;
}

/**
 * Refuses an option name that `method` does not know, with a `TypeError` naming it and the
 * names it knows: an unknown option would otherwise be ignored without a word. A Python user's
 * keyword arguments (`apply(f, (), {"x": 3})`, `error_callback=`) are the usual source, so a
 * snake_case spelling of a known name is pointed at that name. Keys set to `undefined` are
 * let through: they change nothing.
 */
export function knownOptions(
  options: object,
  known: readonly string[],
  method: string,
  otherwise =
    "Python's kwds have no counterpart: pass every argument of the task in its argument list",
): void {
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || known.includes(name)) continue;
    const plain = (text: string) => text.replaceAll("_", "").toLowerCase();
    const meant = known.find((candidate) => plain(candidate) === plain(name));
    const hint = meant !== undefined ? `write ${meant}` : otherwise;
    throw new TypeError(
      `${method} has no option "${name}" (received ${describe(value)}); its options are ` +
        `${known.join(", ")}: ${hint}`,
    );
  }
}

/** Most workers a Pool may have; see `PoolOptions.processes`. */
export const MAX_PROCESSES = 1024;

/** A worker count: an integer in 1..{@linkcode MAX_PROCESSES}, else a `RangeError`. */
export function processCount(value: unknown, what: string): number {
  const count = positiveInteger(value, what);
  if (count > MAX_PROCESSES) {
    throw new RangeError(
      `${what} must be at most ${MAX_PROCESSES}, received ${count}: each worker is a JavaScript ` +
        "runtime of its own (tens of MiB); use fewer workers and larger chunks",
    );
  }
  return count;
}

/**
 * A `transfer` list: an array of ArrayBuffers (not detached), MessagePorts or streams, else a
 * `TypeError` naming `what` and the entry. Checked at the call, since `postMessage` would
 * otherwise throw later, when a whole batch of calls is sent.
 */
export function transferList(value: unknown, what: string): Transferable[] | null {
  if (value === undefined || value === null) return null;
  if (!Array.isArray(value)) {
    throw new TypeError(
      `${what} option transfer must be an array of ArrayBuffers, received ${describe(value)}`,
    );
  }
  checkTransfer(value, `${what} option transfer`);
  return value;
}

/**
 * Throws a `TypeError` naming `what[i]` for the first entry of `list` that `postMessage` cannot
 * transfer; checked again just before sending, since a buffer may be detached in between.
 */
export function checkTransfer(list: readonly unknown[] | null, what = "transfer"): void {
  if (list === null) return;
  list.forEach((item, index) => {
    const problem = transferProblem(item);
    if (problem !== null) throw new TypeError(`${what}[${index}] ${problem}`);
  });
}

function transferProblem(item: unknown): string | null {
  if (item instanceof ArrayBuffer) {
    return item.detached ? "is an ArrayBuffer that is already detached (transferred)" : null;
  }
  if (
    item instanceof MessagePort || item instanceof ReadableStream ||
    item instanceof WritableStream || item instanceof TransformStream
  ) return null;
  if (ArrayBuffer.isView(item)) {
    return `is a ${item.constructor.name}, a view, which cannot be transferred: pass its ` +
      "buffer (view.buffer) instead";
  }
  if (item instanceof SharedArrayBuffer) {
    return "is a SharedArrayBuffer, which is shared, never transferred: leave it out of transfer";
  }
  return `must be an ArrayBuffer (or a MessagePort or stream), received ${describe(item)}`;
}
