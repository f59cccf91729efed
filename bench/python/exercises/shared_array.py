"""Notebook 000, question 3 (`examples/shared_array.ts`): five integrals written by index into a
shared float array, `multiprocessing.Array('f', range(5))`.

Integral i is `scipy.integrate.quad` of notebook 000's sleepy gaussian `exp(-(x*p_i)^2)` over
(-inf, inf), p = `RandomState(seed).randint(1, 100, 5)`, the sleeps drawn from
`RandomState(seed + i)` (see `_common.py`; `examples/_integrand.ts`). Sleeps are scaled by 0.1
in a full run (the notebook's 1 would make a run 20-26 s) and by 0.02 with `--quick`, as
`tools/exercises.ts` passes `--sleep-scale 0.02`; `--sleep-scale` overrides.

Figures (seconds per run):
- `serial`: the notebook's loop, the main process filling the array one integral after another;
- `parallel`: one Process per integral, each writing its own element (no lock needed), at most
  `--workers` running at once (the next starts when one ends; the notebook's and the Deno
  example's five at once when `--workers` >= 5), from the first start() to the last join();
- `serialBusy`, `parallelBusy`: the same with the integrand spinning instead of sleeping.
Each array must hold float32(sqrt(pi)/p_i) within 1e-7, as the Deno example checks.
"""

import sys
import time

sys.dont_write_bytecode = True
# Imported before any fork, so the children do not each import it again (0.3 s apiece).
import scipy.integrate  # noqa: E402, F401

import numpy as np  # noqa: E402

import _common  # noqa: E402


def integrate_into(shared_memory, i, p, seed, sleep_scale, busy):
    """The notebook's `integrate`: computes the i-th integral and stores it at index i."""
    shared_memory[i] = _common.integrate(p, seed + i, sleep_scale, busy)


def main():
    args = _common.parse_args(__doc__.splitlines()[0], sleep_scale=True)
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    expected = [float(np.float32(_common.exact(p))) for p in ps]
    timings = {}
    for name, parallel, busy in _common.INTEGRAL_FIGURES:
        shared_memory = ctx.Array("f", range(5))
        calls = [(shared_memory, i, p, args.seed, args.sleep_scale, busy) for i, p in enumerate(ps)]
        start = time.perf_counter()
        if parallel:
            _common.run_processes(ctx, integrate_into, calls, args.workers)
        else:
            for call in calls:
                integrate_into(*call)
        timings[name] = time.perf_counter() - start
        values = shared_memory[:]
        for i, (value, want) in enumerate(zip(values, expected)):
            if not abs(value - want) <= 1e-7:
                _common.fail(f"{name}: element {i} is {value}, not float32(sqrt(pi)/{ps[i]})")
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
