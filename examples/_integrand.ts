/**
 * Notebook 000's integrand, shared by the examples that integrate it: `exp(-(x*p)^2)`, which
 * first sleeps `uniform(0, 0.01)` seconds, as the notebook's `gaussian` does to stand in for
 * heavy work. The sleeps come from a seeded generator per integral, so a serial run and a
 * parallel one sleep exactly the same; `sleepScale` shrinks them for quick runs.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { quad, RandomState } from "../mod.ts";

// Atomics.wait on memory nobody notifies is a synchronous sleep that works in any thread.
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** The notebook's integrand for parameter `p`, sleeping as it does (times `sleepScale`). */
export function sleepyGaussian(p: number, seed: number, sleepScale: number): (x: number) => number {
  const rng = new RandomState(seed);
  return (x: number): number => {
    const seconds = rng.uniform(0, 0.01);
    if (sleepScale > 0) Atomics.wait(sleepCell, 0, 0, seconds * 1000 * sleepScale);
    return Math.exp(-((x * p) ** 2));
  };
}

/** `∫ exp(-(x*p)^2) dx` over (-∞, ∞), as `scipy.integrate.quad` does it; exact: √π/p. */
export function integrate(p: number, seed: number, sleepScale: number): number {
  const result = quad(sleepyGaussian(p, seed, sleepScale), -Infinity, Infinity);
  if (result.ier !== 0) throw new Error(`quad did not converge for p = ${p}: ${result.message}`);
  return result.value;
}

/** The notebook's random parameters `np.random.randint(1, 100)`, one per integral, seeded. */
export function parameters(count: number, seed: number): number[] {
  return Array.from(new RandomState(seed).randint(1, 100, count));
}

/** The integral examples' flags: `--sleep-scale S` (default 1) and `--seed N` (default 0). */
export interface IntegralSettings {
  readonly sleepScale: number;
  readonly seed: number;
  /** The five parameters `p`, drawn from `seed`. */
  readonly ps: number[];
}

function numberFlag(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`--${name} expects a number >= ${min}, received "${text}"`);
  }
  return value;
}

/** Reads the integral examples' flags from the command line, with clear errors. */
export function integralSettings(): IntegralSettings {
  const { values } = parseArgs({
    options: {
      "sleep-scale": { type: "string", default: "1" },
      seed: { type: "string", default: "0" },
    },
  });
  const seed = numberFlag("seed", values.seed!, 0);
  return {
    sleepScale: numberFlag("sleep-scale", values["sleep-scale"]!, 0),
    seed,
    ps: parameters(5, seed),
  };
}
