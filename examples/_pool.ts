/**
 * A Pool whose workers are all up before anything is timed, for the examples that time Pool
 * methods: a worker starts its thread and imports the Pool's module lazily, a cost that would
 * otherwise land in the first timed call.
 *
 * @module
 */
import { Pool, type PoolOptions } from "../mod.ts";

/** `new Pool(options)` after a trivial `map` of 4 items per worker, one item per message. */
export async function startedPool(options: PoolOptions & { processes: number }): Promise<Pool> {
  const pool = new Pool(options);
  try {
    const items = Array.from({ length: 4 * options.processes }, (_, k) => k);
    await pool.map((k: number) => k, items, { chunksize: 1 });
  } catch (error) {
    await pool.terminate();
    throw error;
  }
  return pool;
}
