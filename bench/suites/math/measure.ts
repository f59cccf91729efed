/**
 * How bench:math times one operation: the loop count as IPython's `%timeit` picks it (the first
 * of 1, 10, 100, … whose run takes the budget), then one run of that many calls per measured
 * run, reported as µs per call. The same method as `bench/python/math_ops.py`, so the two sides
 * compare like for like.
 *
 * @module
 */

/** Seconds one run should take at least, as IPython's 0.2 s (less with `--quick`). */
export function budgetSeconds(quick: boolean): number {
  return quick ? 0.02 : 0.2;
}

function runSeconds(fn: () => unknown, loops: number): number {
  const start = performance.now();
  for (let i = 0; i < loops; i++) fn();
  return (performance.now() - start) / 1000;
}

async function runSecondsAsync(fn: () => Promise<unknown>, loops: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < loops; i++) await fn();
  return (performance.now() - start) / 1000;
}

/** A contender: a run of the picked loop count, as µs per call, each time it is called. */
export type Contender = (index: number) => Promise<number>;

/**
 * A contender timing `fn` (sync or async): picks its loop count on the first call, so the
 * warm-up run both warms the JIT and sizes the loop. `callsPerLoop` divides the time when one
 * call of `fn` stands for several (99 quad calls).
 */
export function perCall(
  fn: () => unknown,
  budget: number,
  callsPerLoop = 1,
): Contender {
  let loops = 0;
  const time = async (n: number): Promise<number> => {
    const result = fn();
    if (result instanceof Promise) {
      await result;
      return await runSecondsAsync(fn as () => Promise<unknown>, n);
    }
    return runSeconds(fn, n);
  };
  return async () => {
    if (loops === 0) {
      for (let index = 0; index < 10; index++) {
        loops = 10 ** index;
        if (await time(loops) >= budget) break;
      }
    }
    return (await time(loops)) / loops / callsPerLoop * 1e6;
  };
}
