/**
 * The benchmark's fixed sizes and inputs, and the {@linkcode Parameters} of a run built from them.
 *
 * @module
 */
import type { Parameters } from "./types.ts";

const SEED = 100;
const WORKERS = 2;
/** Sizes of a full run; `--quick` divides them by 10. */
export const FULL = { tinyTasks: 100_000, rows: 200_000, roundTrips: 2_000 } as const;
const COLUMNS = 5;
const VALUES = [0, 10] as const; // randint's [low, high)
const COUNTED = [4, 8] as const; // counted values: low <= v <= high

/** The parameters of a run of `runs` measured runs per figure, at the quick sizes if `quick`. */
export function parameters(quick: boolean, runs: number): Parameters {
  const scale = quick ? 10 : 1;
  return {
    seed: SEED,
    workers: WORKERS,
    runs,
    warmup: 1,
    quick,
    sizes: {
      tinyTasks: FULL.tinyTasks / scale,
      rows: FULL.rows / scale,
      columns: COLUMNS,
      roundTrips: FULL.roundTrips / scale,
    },
    matrix: { low: VALUES[0], high: VALUES[1] },
    counted: { low: COUNTED[0], high: COUNTED[1] },
  };
}
