"""Notebook 000, question 4: five integrals with `multiprocessing.Pool().map`.

Integral i is `scipy.integrate.quad` of notebook 000's sleepy gaussian `exp(-(x*p_i)^2)` over
(-inf, inf), p = `RandomState(seed).randint(1, 100, 5)`, the sleeps drawn from
`RandomState(seed + i)` (see `_common.py`; `examples/_integrand.ts`). Sleeps are scaled by 0.1
in a full run (the notebook's 1 would make a run 20-26 s) and by 0.02 with `--quick`;
`--sleep-scale` overrides. There is no `examples/pool_map.ts` yet; the sizes and seeds are those
of the other integral examples.

The notebook passed the gaussian itself inside each task's arguments; here a task carries
`(i, p, seed, sleep_scale, busy)` and the worker builds the seeded integrand (a closure over a
generator does not pickle). The Pool has `--workers` processes and is started and warmed before
anything is timed (the notebook timed `with Pool()` too, about 0.1 s of start-up).

Figures (seconds per run): `serial`, the five `integrate_map` calls in a loop in the main
process; `parallel`, `pool.map(integrate_map, tasks, chunksize=1)` (so no worker
holds two tasks while another idles); `serialBusy`, `parallelBusy`, the same with the integrand spinning instead of sleeping.
Every result must be `[i, integral]` in order, the integral within 1e-12 (relative) of sqrt(pi)/p.
"""

import sys
import time

sys.dont_write_bytecode = True
# Imported before any fork, so the children do not each import it again (0.3 s apiece).
import scipy.integrate  # noqa: E402, F401

import _common  # noqa: E402


def integrate_map(arguments):
    """The notebook's `integrate_map`: returns [i, integral]."""
    i, p, seed, sleep_scale, busy = arguments
    return [i, _common.integrate(p, seed + i, sleep_scale, busy)]


def main():
    args = _common.parse_args(__doc__.splitlines()[0], sleep_scale=True)
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    timings = {}
    with ctx.Pool(args.workers) as pool:
        pool.map(abs, range(4 * args.workers), chunksize=1)  # every worker up before timing
        for name, parallel, busy in _common.INTEGRAL_FIGURES:
            tasks = [(i, p, args.seed, args.sleep_scale, busy) for i, p in enumerate(ps)]
            start = time.perf_counter()
            if parallel:
                results = pool.map(integrate_map, tasks, chunksize=1)
            else:
                results = [integrate_map(task) for task in tasks]
            timings[name] = time.perf_counter() - start
            if [i for i, _ in results] != list(range(len(ps))):
                _common.fail(f"{name}: results out of order: {results}")
            _common.check_integrals([value for _, value in results], ps, name)
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
