/**
 * The data and scales of the speed-up chart: its points, its layout, and where it puts a worker
 * count and a speed-up.
 *
 * @module
 */
import { linear, niceStep } from "./_svg_parts.ts";

/** One point of a speed-up line: median with min–max. */
export interface SpeedupPoint {
  readonly workers: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/** What the speed-up chart shows. */
export interface SpeedupChart {
  /** The exercise's name. */
  readonly name: string;
  /** A line under the title (the exercise's title, the figures divided). */
  readonly subtitle: string;
  readonly deno: readonly SpeedupPoint[];
  /** The Python counterpart's speed-ups, when it ran. */
  readonly python?: readonly SpeedupPoint[];
  /** Cores of the machine, marked with a vertical line when within the chart. */
  readonly cores?: number;
}

/** Size of the speed-up chart and of its plotting area. */
export const SPEEDUP_LAYOUT = {
  width: 640,
  height: 400,
  left: 64,
  right: 584,
  top: 72,
  bottom: 340,
} as const;

/** Where the speed-up chart puts a worker count (x) and a speed-up (y). */
export interface SpeedupGeometry {
  readonly xMax: number;
  readonly yMax: number;
  readonly yStep: number;
  x(workers: number): number;
  y(speedup: number): number;
}

/** The scales of the speed-up chart: x from 0 to the largest count, y from 0 to a nice top. */
export function speedupGeometry(chart: SpeedupChart): SpeedupGeometry {
  const L = SPEEDUP_LAYOUT;
  const points = [...chart.deno, ...(chart.python ?? [])];
  const xMax = Math.max(1, ...points.map((p) => p.workers));
  const top = Math.max(xMax, ...points.map((p) => p.max).filter(Number.isFinite));
  const yStep = niceStep(top, 5);
  const yMax = Math.ceil(top * 1.05 / yStep) * yStep;
  return {
    xMax,
    yMax,
    yStep,
    x: linear(0, xMax, L.left, L.right),
    y: linear(0, yMax, L.bottom, L.top),
  };
}

/** Integer ticks of the x axis: every count up to 16, else the measured counts. */
export function workerTicks(chart: SpeedupChart, xMax: number): number[] {
  if (xMax <= 16) return Array.from({ length: xMax }, (_, i) => i + 1);
  return [...new Set([...chart.deno, ...(chart.python ?? [])].map((p) => p.workers))];
}
