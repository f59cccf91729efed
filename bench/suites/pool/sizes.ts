/**
 * The pool suite's sizes and inputs: a full run, or a quick one at a tenth of the sizes.
 *
 * @module
 */

/** Sizes of a full run; `--quick` divides them by 10. */
export const FULL = { tinyTasks: 100_000, rows: 200_000, roundTrips: 2_000 } as const;

/** The sizes and inputs of a run. */
export interface PoolSizes {
  readonly workers: number;
  readonly tinyTasks: number;
  readonly rows: number;
  readonly columns: number;
  readonly roundTrips: number;
  /** randint's [low, high) of the matrix, and the counted range, low <= v <= high. */
  readonly matrix: { readonly low: number; readonly high: number };
  readonly counted: { readonly low: number; readonly high: number };
}

/** The sizes of a full run, or of a quick one (÷ 10). */
export function poolSizes(quick: boolean): PoolSizes {
  const scale = quick ? 10 : 1;
  return {
    workers: 2,
    tinyTasks: FULL.tinyTasks / scale,
    rows: FULL.rows / scale,
    columns: 5,
    roundTrips: FULL.roundTrips / scale,
    matrix: { low: 0, high: 10 },
    counted: { low: 4, high: 8 },
  };
}
