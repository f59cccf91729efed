/**
 * Notebook 000's integrand, shared by the examples that integrate it: `exp(-(x*p)^2)`, which
 * first sleeps `uniform(0, 0.01)` seconds, as the notebook's `gaussian` does to stand in for
 * heavy work. The sleeps come from a seeded generator per integral, so a serial run and a
 * parallel one sleep exactly the same; `sleepScale` shrinks them for quick runs.
 *
 * @module
 */
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

/** Reads `--sleep-scale` and `--seed` flags' values, with clear errors. */
export function numberFlag(name: string, text: string, min: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min) {
    throw new RangeError(`--${name} expects a number >= ${min}, received "${text}"`);
  }
  return value;
}
