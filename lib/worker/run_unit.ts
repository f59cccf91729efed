/**
 * Worker side: runs one unit. Synchronous tasks run in a plain loop with no `await`, which is
 * what makes tiny tasks cheap; an async result switches to an async continuation.
 *
 * @module
 */
import { UnitKind } from "./protocol.ts";
import type { TaskFunction } from "./task_catalog.ts";

/**
 * True for promises and other thenables. Never throws: a `then` that cannot be read (a throwing
 * getter, a revoked Proxy) counts as a thenable, so adopting it rejects with that error as
 * `await` would.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if (value === null || (typeof value !== "object" && typeof value !== "function")) return false;
  try {
    return typeof (value as { then?: unknown }).then === "function";
  } catch {
    return true;
  }
}

function asArgs(value: unknown, position: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new TypeError(
    `starmap expects every item to be an array of arguments; ${position} is ${typeof value}`,
  );
}

async function finishChunk(
  fn: TaskFunction,
  items: readonly unknown[],
  spread: boolean,
  results: unknown[],
  from: number,
  pending: PromiseLike<unknown>,
): Promise<unknown[]> {
  results[from] = await pending;
  for (let i = from + 1; i < items.length; i++) {
    const item = items[i];
    const out = spread ? fn(...asArgs(item, `item ${i}`)) : fn(item);
    results[i] = isThenable(out) ? await out : out;
  }
  return results;
}

function runChunk(
  fn: TaskFunction,
  items: readonly unknown[],
  spread: boolean,
): unknown[] | Promise<unknown[]> {
  const results = new Array<unknown>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const out = spread ? fn(...asArgs(item, `item ${i}`)) : fn(item);
    if (isThenable(out)) return finishChunk(fn, items, spread, results, i, out);
    results[i] = out;
  }
  return results;
}

/** Runs `fn` over a unit's payload; returns the result or a promise of it. */
export function runUnit(fn: TaskFunction, kind: UnitKind, payload: unknown): unknown {
  if (kind === UnitKind.Apply) return fn(...(payload as unknown[]));
  return runChunk(fn, payload as unknown[], kind === UnitKind.Starmap);
}
