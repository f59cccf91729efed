/**
 * What the sections share: the pool over work.ts, how a section stops what it started, gates,
 * and spans measured on the clock every thread shares.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";
import type { Span } from "./work.ts";

/** The module whose exports the pools run; it imports only types, so workers start lean. */
const WORK_MODULE = new URL("./work.ts", import.meta.url);

/** A multiproc pool of `processes` workers whose module is work.ts. */
export function startPool(processes: number): Pool {
  return new Pool({ processes, module: WORK_MODULE });
}

/** A fresh gate: one Int32 cell in shared memory counting the parties that arrived. */
export function newGate(): Int32Array<SharedArrayBuffer> {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** Seconds from the first start to the last end of `spans`. */
export function spanSeconds(spans: readonly Span[]): number {
  const start = Math.min(...spans.map((s) => s.start));
  const end = Math.max(...spans.map((s) => s.end));
  return (end - start) / 1000;
}

/** `n` copies of `value`, for one task per worker. */
export function times<T>(n: number, make: (index: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => make(i));
}
