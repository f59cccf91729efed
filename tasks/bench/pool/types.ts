/**
 * Types shared by the entry of the pool benchmark and its sections.
 *
 * @module
 */
import type { Figure } from "../report.ts";

/** Parameters of one run of the benchmark. */
export interface Parameters {
  readonly seed: number;
  readonly workers: number;
  readonly runs: number;
  readonly warmup: number;
  readonly quick: boolean;
  readonly sizes: {
    readonly tinyTasks: number;
    readonly rows: number;
    readonly columns: number;
    readonly roundTrips: number;
  };
  readonly matrix: { readonly low: number; readonly high: number };
  readonly counted: { readonly low: number; readonly high: number };
}

/** One section of the report: its figures, printed under a title and followed by notes. */
export interface Section {
  readonly title: string;
  /** What the figures' ratios call the baseline ("naive", "serial"). */
  readonly baselineName: string;
  readonly figures: Figure[];
  readonly notes: string[];
}
