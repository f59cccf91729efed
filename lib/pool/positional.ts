/**
 * Python's positional arguments for a Pool and its map-like methods, read into options objects:
 * `Pool(processes, initializer, initargs, maxtasksperchild)`, `map(func, iterable, chunksize)`,
 * `map_async(func, iterable, chunksize, callback, error_callback)`. Anything that is neither a
 * valid positional value nor an options object is refused with an error naming the argument,
 * so that no argument is ever silently ignored.
 *
 * @module
 */
import type { AsyncCallbacks } from "./async_result.ts";
import * as check from "../internal/check.ts";
import type { MapOptions, PoolOptions } from "./options.ts";
import { describe } from "../internal/check.ts";

/** An options object: a non-null object that is not an array. */
function isOptions(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** What to tell someone who wrote Python's `None` as `null`. */
function noneHint(value: unknown): string {
  return value === null ? ": for Python's None, leave the argument out or pass undefined" : "";
}

/**
 * Throws a `TypeError` if any of `args` from index `first` on is given (not `undefined`);
 * `args[0]` is the method's argument number `base`.
 */
function refuseExtra(
  args: readonly unknown[],
  first: number,
  method: string,
  why: string,
  base = 1,
): void {
  for (let index = first; index < args.length; index++) {
    if (args[index] === undefined) continue;
    throw new TypeError(
      `${method} received ${describe(args[index])} as argument ${index + base}, where it ` +
        `takes nothing: ${why}`,
    );
  }
}

/**
 * The options of `new Pool(...args)`: nothing, an options object, or Python's positional
 * `(processes, initializer, initargs, maxTasksPerChild)`, the second of which may instead be an
 * options object for everything but `processes`.
 */
export function poolArguments(args: readonly unknown[]): PoolOptions {
  const [first, second, initargs, maxTasksPerChild] = args;
  const method = "new Pool()";
  if (isOptions(first)) {
    refuseExtra(args, 1, method, "every option goes in the options object");
    return first as PoolOptions;
  }
  if (first !== undefined && typeof first !== "number") {
    throw new TypeError(
      `${method} expects an options object such as { processes: 4 } or the number of ` +
        `processes as argument 1 (or nothing), received ${describe(first)}${noneHint(first)}`,
    );
  }
  const processes = first === undefined
    ? undefined
    : check.processCount(first, `${method} argument 1 (processes)`);
  if (second === undefined || typeof second === "function") {
    refuseExtra(args, 4, method, "Python's context has no counterpart; use { isolation }");
    const options: PoolOptions = processes === undefined ? {} : { processes };
    if (second !== undefined) {
      options.initializer = second as NonNullable<PoolOptions["initializer"]>;
    }
    if (initargs !== undefined) {
      options.initargs = check.argumentList(initargs, `${method} argument 3 (initargs)`);
    }
    if (maxTasksPerChild !== undefined) {
      options.maxTasksPerChild = check.positiveInteger(
        maxTasksPerChild,
        `${method} argument 4 (maxTasksPerChild)`,
      );
    }
    return options;
  }
  if (!isOptions(second)) {
    throw new TypeError(
      `${method} expects an initializer function or an options object as argument 2, ` +
        `received ${describe(second)}${noneHint(second)}`,
    );
  }
  refuseExtra(args, 2, method, "every other option goes in the options object");
  if (processes !== undefined && second.processes !== undefined) {
    throw new TypeError(
      `${method} received processes twice, ${processes} as argument 1 and ` +
        `${describe(second.processes)} as an option: give it once`,
    );
  }
  return processes === undefined ? second as PoolOptions : { ...second, processes };
}

/** Python's chunksize: a positive integer, else Python's "Chunksize must be 1+" as a RangeError. */
function chunksizeArgument(value: number, method: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(
      `${method} chunksize (argument 3) must be 1+, an integer as in Python, received ` +
        `${describe(value)}`,
    );
  }
  return value;
}

/**
 * Argument 3 and on of a map-like call (after the task and the iterable): nothing, an options
 * object, or a chunksize optionally followed by an options object without `chunksize`. With
 * `async`, Python's `callback` and `error_callback` may follow the chunksize instead.
 */
export function mapArguments(
  args: readonly unknown[],
  method: string,
  async = false,
): MapOptions & AsyncCallbacks<unknown> {
  const [first, second, third] = args;
  if (isOptions(first)) {
    refuseExtra(args, 1, method, "every option goes in the options object", 3);
    return first;
  }
  if (first !== undefined && typeof first !== "number") {
    throw new TypeError(
      `${method} expects an options object such as { chunksize: 4 } or a chunksize (a ` +
        `positive integer) as argument 3, received ${describe(first)}${noneHint(first)}`,
    );
  }
  const chunksize = first === undefined ? undefined : chunksizeArgument(first, method);
  const withChunksize = (options: MapOptions & AsyncCallbacks<unknown>) =>
    chunksize === undefined ? options : { ...options, chunksize };
  if (isOptions(second)) {
    refuseExtra(args, 2, method, "every other option goes in the options object", 3);
    if (chunksize !== undefined && second.chunksize !== undefined) {
      throw new TypeError(
        `${method} received chunksize twice, ${chunksize} as argument 3 and ` +
          `${describe(second.chunksize)} as an option: give it once`,
      );
    }
    return withChunksize(second);
  }
  if (!async) {
    if (second !== undefined) {
      throw new TypeError(
        `${method} expects an options object without chunksize (or nothing) as argument 4, ` +
          `received ${describe(second)}${noneHint(second)}`,
      );
    }
    refuseExtra(args, 2, method, "it takes (task, iterable, chunksize?, options?)", 3);
    return withChunksize({});
  }
  refuseExtra(
    args,
    3,
    method,
    "it takes (task, iterable, chunksize?, callback?, errorCallback?)",
    3,
  );
  const callbacks: AsyncCallbacks<unknown> = {};
  for (const [index, name, value] of [[4, "callback", second], [5, "errorCallback", third]]) {
    if (value === undefined) continue;
    if (typeof value !== "function") {
      throw new TypeError(
        `${method} expects ${name} (a function) or an options object as argument ${index}, ` +
          `received ${describe(value)}${noneHint(value)}`,
      );
    }
    (callbacks as Record<string, unknown>)[name as string] = value;
  }
  return withChunksize(callbacks);
}

/** Refuses arguments after `apply`'s options: Python's kwds and callbacks have no slot here. */
export function applyArguments(extra: readonly unknown[], method: string): void {
  refuseExtra(
    extra,
    0,
    method,
    "it takes (task, args?, options?); Python's kwds has no counterpart (pass arguments in the " +
      "array) and callbacks go in the options: { callback, errorCallback }",
    4,
  );
}
