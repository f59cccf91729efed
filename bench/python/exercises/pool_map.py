"""Notebook 000 q4: five integrals with `multiprocessing.Pool().map`, and serially."""

from functools import partial

import scipy.integrate  # noqa: F401 (imported once, before the workers fork)

import _common


def integrate_map(task):
    """The notebook's `integrate_map`, given (i, p, seed, sleep_scale, busy): [i, integral]."""
    i, p, seed, sleep_scale, busy = task
    return [i, _common.integrate(p, seed + i, sleep_scale, busy)]


def run(pool, tasks, parallel):
    if parallel:
        return pool.map(integrate_map, tasks, chunksize=1)
    return [integrate_map(task) for task in tasks]


def check(ps, name, results):
    if [i for i, _ in results] != list(range(len(ps))):
        _common.fail(f"{name}: results out of order: {results}")
    _common.check_integrals([value for _, value in results], ps, name)


if __name__ == "__main__":
    args = _common.parse_args()
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    with ctx.Pool(args.workers) as pool:
        pool.map(abs, range(4 * args.workers), chunksize=1)  # every worker up before timing
        methods = {}
        for name, parallel, busy in _common.INTEGRAL_FIGURES:
            tasks = [(i, p, args.seed, args.sleep_scale, busy) for i, p in enumerate(ps)]
            methods[name] = partial(run, pool, tasks, parallel)
        timings = _common.timed(methods, partial(check, ps))
    _common.emit(timings, ctx.get_start_method())
