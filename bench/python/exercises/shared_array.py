"""Notebook 000 q3 (`examples/shared_array.ts`): five integrals written by index into Array('f')."""

import math
from functools import partial

import numpy as np
import scipy.integrate  # noqa: F401 (imported once, before the children fork)

import _common


def integrate_into(shared_memory, i, p, seed, sleep_scale, busy):
    """The notebook's `integrate`: the i-th integral, stored at index i (no lock needed)."""
    shared_memory[i] = _common.integrate(p, seed + i, sleep_scale, busy)


def run(ctx, calls, parallel, workers):
    """Serially in this process, or one Process per integral with at most `workers` at once."""
    if parallel:
        _common.run_processes(ctx, integrate_into, calls, workers)
    else:
        for call in calls:
            integrate_into(*call)


def check(arrays, ps, name, _):
    for i, (value, p) in enumerate(zip(arrays[name][:], ps)):
        if not abs(value - float(np.float32(math.sqrt(math.pi) / p))) <= 1e-7:
            _common.fail(f"{name}: element {i} is {value}, not float32(sqrt(pi)/{p})")


if __name__ == "__main__":
    args = _common.parse_args()
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    arrays, methods = {}, {}
    for name, parallel, busy in _common.INTEGRAL_FIGURES:
        arrays[name] = ctx.Array("f", range(5))
        calls = [(arrays[name], i, p, args.seed, args.sleep_scale, busy) for i, p in enumerate(ps)]
        methods[name] = partial(run, ctx, calls, parallel, args.workers)
    _common.emit(_common.timed(methods, partial(check, arrays, ps)), ctx.get_start_method())
