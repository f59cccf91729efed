// Worker tasks of queue_json_path_test.ts: producers of values that take the JSON path or only
// look as if they could, and consumers that check each value exactly.
import type { Queue } from "../../mod.ts";

/** Gets `count` values from `from` and puts each into `to`. */
export function echoOnce(from: Queue<unknown>, to: Queue<unknown>, count: number): void {
  for (let i = 0; i < count; i++) to.putSync(from.getSync(30_000), 30_000);
}

/** The i-th value of producer `p`: JSON-safe or a look-alike in turn, each naming p and i. */
export function mixedValue(p: number, i: number): unknown {
  switch (i % 5) {
    case 0:
      return [p, i];
    case 1:
      return { p, i, minusZero: -0 };
    case 2:
      return { p, i, at: new Date(i) };
    case 3:
      return [p, i, "é".repeat(i % 300)];
    default:
      return [p, i, undefined];
  }
}

/** Puts producer `p`'s `count` values. */
export function produceMixed(queue: Queue<unknown>, p: number, count: number): void {
  for (let i = 0; i < count; i++) queue.putSync(mixedValue(p, i), 30_000);
}

/**
 * Takes `count` values; returns "p:i" for each, and a "FAIL" line for a value that is not
 * exactly {@linkcode mixedValue}'s or comes before an earlier one of its producer.
 */
export function consumeMixed(queue: Queue<unknown>, count: number): string[] {
  const lines: string[] = [];
  const last = [-1, -1];
  for (let n = 0; n < count; n++) {
    const value = queue.getSync(30_000) as unknown[] | Record<string, unknown>;
    const [p, i] = Array.isArray(value)
      ? [value[0] as number, value[1] as number]
      : [value.p as number, value.i as number];
    const expected = mixedValue(p, i);
    if (!sameValue(value, expected)) lines.push(`FAIL ${p}:${i} arrived as ${String(value)}`);
    if (i <= last[p]!) lines.push(`FAIL ${p}:${i} after ${p}:${last[p]}`);
    last[p] = i;
    lines.push(`${p}:${i}`);
  }
  return lines;
}

// Object.is on leaves (so -0 and holes count), Dates by time, containers by prototype and keys.
function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) {
    return Object.is(a, b);
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (Array.isArray(a) && (a as unknown[]).length !== (b as unknown[]).length) return false;
  return keysA.length === keysB.length &&
    keysA.every((k, n) =>
      k === keysB[n] &&
      sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])
    );
}
