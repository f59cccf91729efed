/**
 * The multiproc pool the pool and shared suites measure, and how a section stops any pool it
 * started.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";

/** The module whose exports the pools run; it imports nothing, so workers start lean. */
const WORK_MODULE = new URL("./work.ts", import.meta.url);

/** A multiproc pool of `workers` workers whose module is work.ts. */
export function startPool(workers: number): Pool {
  return new Pool({ processes: workers, module: WORK_MODULE });
}

/** Runs `use` with `pool`, then terminates the pool however `use` ends. */
export async function usePool<P extends { terminate(): unknown }, T>(
  pool: P,
  use: (pool: P) => Promise<T>,
): Promise<T> {
  try {
    return await use(pool);
  } finally {
    await pool.terminate();
  }
}
