/**
 * Checks of what users hand to a Pool, each failing with an error that names the option and the
 * value received.
 *
 * @module
 */
import { describe } from "./task_ref.ts";

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
