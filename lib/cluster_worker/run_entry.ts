/**
 * Runs one decoded entry in a local Pool and says how it ended, as the reply's outcome: each
 * unit of an `apply` batch its own call (one unit's error does not fail the others), a `map` or
 * `starmap` chunk one call whose first error fails the chunk, as Python's `map` does.
 *
 * @module
 */
import type { Pool } from "../pool/pool.ts";
import type { DecodedTask, UnitOutcome } from "../cluster/wire.ts";
import { AbortError } from "../errors.ts";
import type { Cancels } from "./cancels.ts";
import type { AnyFunction } from "../worker/task_ref.ts";

/** How an entry ended: results in order, one outcome per unit, or the chunk's error. */
export type Outcome =
  | { readonly ok: readonly unknown[] }
  | { readonly units: readonly UnitOutcome[] }
  | { readonly error: unknown };

/** The limits of the local call: the entry's timeout (from the unit's start) and retries. */
function limits(task: DecodedTask, signal: AbortSignal): {
  signal: AbortSignal;
  timeout?: number;
  retries: number;
} {
  const options: { signal: AbortSignal; timeout?: number; retries: number } = {
    signal,
    retries: task.retries ?? 0,
  };
  if (task.timeout !== undefined) options.timeout = task.timeout;
  return options;
}

function cancelledError(task: DecodedTask, call: number): AbortError {
  return new AbortError(
    `call ${call} of pool ${task.pool} was cancelled by its pool before it started`,
  );
}

/** Where an entry runs: a local Pool, and what to hand it as the task (see `localTask`). */
export interface LocalRun {
  readonly pool: Pool;
  readonly fn: AnyFunction;
}

/** Runs `task` as `local.fn` on `local.pool`, its calls' signals tracked in `cancels`. */
export async function runEntry(
  task: DecodedTask,
  local: LocalRun,
  cancels: Cancels,
): Promise<Outcome> {
  const { pool, fn } = local;
  if (task.kind === "apply") {
    const units = await Promise.all(task.units.map(async (unit): Promise<UnitOutcome> => {
      if (cancels.isCancelled(task.pool, unit.call)) {
        return { call: unit.call, error: cancelledError(task, unit.call) };
      }
      const tracked = cancels.track(task.pool, unit.call);
      try {
        const ok = await pool.apply(fn, [...unit.args], limits(task, tracked.signal));
        return { call: unit.call, ok };
      } catch (error) {
        return { call: unit.call, error };
      } finally {
        tracked.done();
      }
    }));
    return { units };
  }
  if (cancels.isCancelled(task.pool, task.call)) return { error: cancelledError(task, task.call) };
  const tracked = cancels.track(task.pool, task.call);
  const options = { ...limits(task, tracked.signal), chunksize: Math.max(1, task.items.length) };
  try {
    const ok = task.kind === "map"
      ? await pool.map(fn, [...task.items], options)
      : await pool.starmap(fn, task.items.map((args) => [...args]), options);
    return { ok };
  } catch (error) {
    return { error };
  } finally {
    tracked.done();
  }
}
