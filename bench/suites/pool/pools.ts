/**
 * The multiproc pool the pool suite measures, and how a section stops any pool it started.
 *
 * @module
 */
import { Pool } from "../../../mod.ts";

/** A multiproc pool of `workers` workers whose module is work.ts, which imports nothing. */
export function startPool(workers: number): Pool {
  return new Pool({ processes: workers, module: new URL("./work.ts", import.meta.url) });
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
