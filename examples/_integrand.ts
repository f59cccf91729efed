/**
 * Notebook 000's integrand, shared by the examples that integrate it: `exp(-(x*p)^2)`, which
 * first waits `uniform(0, 0.01)` seconds, as the notebook's `gaussian` sleeps to stand in for
 * heavy work. The waits come from a seeded generator per integral, so a serial run and a
 * parallel one wait exactly the same; `scale` shrinks them for quick runs.
 *
 * Two kinds of wait: sleeping (the notebook's `time.sleep`: the thread blocks and needs no
 * core, so any number of sleepers overlap) and, with `busy`, spinning on the clock for the same
 * duration (CPU-bound work: parallel runs are limited by this machine's cores).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { cpuCount } from "../mod.ts";
import { quad, random } from "../numeric.ts";

/** How every evaluation of the integrand stands in for heavy work. */
export interface HeavyWork {
  /** Multiplies each drawn wait (1: the notebook's `uniform(0, 0.01)` s; 0: no wait). */
  readonly scale: number;
  /** Spin the CPU for the wait (busy work) instead of sleeping. */
  readonly busy: boolean;
}

// Atomics.wait on memory nobody notifies is a synchronous sleep that works in any thread.
const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Sleeps `ms` milliseconds, or with `busy` keeps one core busy for that long. */
export function waitFor(ms: number, busy: boolean): void {
  if (!(ms > 0)) return;
  if (!busy) {
    Atomics.wait(sleepCell, 0, 0, ms);
    return;
  }
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // Spinning on the clock: real CPU use, the same duration as the sleep it replaces.
  }
}

/** The notebook's integrand for parameter `p`, waiting as it does (times `work.scale`). */
export function sleepyGaussian(p: number, seed: number, work: HeavyWork): (x: number) => number {
  const rng = new random.RandomState(seed);
  return (x: number): number => {
    waitFor(rng.uniform(0, 0.01) * 1000 * work.scale, work.busy);
    return Math.exp(-((x * p) ** 2));
  };
}

/** `∫ exp(-(x*p)^2) dx` over (-∞, ∞), as `scipy.integrate.quad` does it; exact: √π/p. */
export function integrate(p: number, seed: number, work: HeavyWork): number {
  const result = quad(sleepyGaussian(p, seed, work), -Infinity, Infinity);
  if (result.ier !== 0) throw new Error(`quad did not converge for p = ${p}: ${result.message}`);
  return result.value;
}

/** The notebook's random parameters `np.random.randint(1, 100)`, one per integral, seeded. */
export function parameters(count: number, seed: number): number[] {
  return Array.from(new random.RandomState(seed).randint(1, 100, count));
}

/**
 * Throws unless every `[i, value]` is √π/p for `ps[i]` within `relative` (1e-12 for float64; a
 * float32 store needs about 1e-7), and every index appears once.
 */
export function checkIntegrals(
  results: readonly (readonly [number, number])[],
  ps: readonly number[],
  relative = 1e-12,
): void {
  const seen = results.map(([i]) => i).sort((a, b) => a - b);
  if (seen.length !== ps.length || seen.some((i, k) => i !== k)) {
    throw new Error(`expected one result for each of indices 0..${ps.length - 1}, got [${seen}]`);
  }
  for (const [i, value] of results) {
    const exact = Math.sqrt(Math.PI) / ps[i]!;
    if (!(Math.abs(value - exact) <= relative * exact)) {
      throw new Error(`integral ${i} (p = ${ps[i]}) is ${value}, expected √π/p = ${exact}`);
    }
  }
}

/** The integral examples' flags: `--sleep-scale S`, `--busy`, `--seed N`, `--workers N`. */
export interface IntegralSettings {
  readonly work: HeavyWork;
  readonly seed: number;
  /** The five parameters `p`, drawn from `seed`. */
  readonly ps: number[];
  /** How many workers (or Processes at once) to use. */
  readonly workers: number;
}

/** A serial and a parallel time of the same integrals, in seconds. */
export interface SerialAndParallel {
  readonly serial: number;
  readonly parallel: number;
}

/**
 * Scale of the waits in a benchmark run: the quick runs' `--sleep-scale 0.02`, and 0.1 in full
 * runs (the Python counterparts' choice: at the notebook's 1, one run of five integrals sleeping
 * and busy, serial and parallel, takes over 20 s).
 */
export function benchScale(quick: boolean): number {
  return quick ? 0.02 : 0.1;
}

/**
 * The integral exercises' benchmark figures: `measure` run with sleeping waits, then with busy
 * ones of the same durations (scaled by {@linkcode benchScale}), giving `serial`, `parallel`,
 * `serialBusy` and `parallelBusy`.
 */
export async function sleepAndBusyFigures(
  quick: boolean,
  measure: (work: HeavyWork) => Promise<SerialAndParallel>,
): Promise<Record<string, number>> {
  const scale = benchScale(quick);
  const sleeping = await measure({ scale, busy: false });
  const busy = await measure({ scale, busy: true });
  return {
    serial: sleeping.serial,
    parallel: sleeping.parallel,
    serialBusy: busy.serial,
    parallelBusy: busy.parallel,
  };
}

function numberFlag(name: string, text: string, min: number, integer: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isSafeInteger(value))) {
    const kind = integer ? "an integer" : "a number";
    throw new RangeError(`--${name} expects ${kind} >= ${min}, received "${text}"`);
  }
  return value;
}

/** Reads the integral examples' flags from `args`, with clear errors; `workers` by default. */
export function integralSettings(
  defaultWorkers: number = cpuCount(),
  args: string[] = Deno.args,
): IntegralSettings {
  const { values } = parseArgs({
    args,
    options: {
      "sleep-scale": { type: "string", default: "1" },
      busy: { type: "boolean", default: false },
      seed: { type: "string", default: "0" },
      workers: { type: "string", default: String(defaultWorkers) },
    },
  });
  const seed = numberFlag("seed", values.seed!, 0, true);
  return {
    work: {
      scale: numberFlag("sleep-scale", values["sleep-scale"]!, 0, false),
      busy: values.busy!,
    },
    seed,
    ps: parameters(5, seed),
    workers: numberFlag("workers", values.workers!, 1, true),
  };
}

/** "sleeps" or "busy waits", and their scale, for the examples' headings. */
export function describeWork(work: HeavyWork): string {
  return `${work.busy ? "busy waits (CPU-bound)" : "sleeps"} × ${work.scale}`;
}
