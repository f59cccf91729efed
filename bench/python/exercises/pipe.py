"""Notebook 000 q9 (`examples/pipe.ts`): five processes send [i, integral] through one Pipe end."""

from functools import partial

import scipy.integrate  # noqa: F401 (imported once, before the children fork)

import _common


def integrate_pipe(i, send_end, p, seed, sleep_scale, busy):
    """The notebook's `integrate_pipe`: integrates for p and sends [i, integral]."""
    send_end.send([i, _common.integrate(p, seed + i, sleep_scale, busy)])


def run(ctx, ps, seed, sleep_scale, busy, at_once):
    """The integrals by index, at most `at_once` processes unanswered: 1 is the notebook's loop
    (receiving in the loop that starts them), more is the Deno example's fix."""
    rec_end, send_end = ctx.Pipe()
    processes = [
        ctx.Process(target=integrate_pipe, args=(i, send_end, p, seed, sleep_scale, busy))
        for i, p in enumerate(ps)
    ]
    values, started = [None] * len(ps), 0
    for received in range(len(ps)):
        for process in processes[started : received + at_once]:
            process.start()
        started = min(len(processes), received + at_once)
        while not rec_end.poll(0.05):  # a process that died before sending would never answer
            dead = [p.exitcode for p in processes[:started] if p.exitcode not in (None, 0)]
            if dead:
                _common.fail(f"a process failed: exit codes {dead}")
        i, integral = rec_end.recv()
        values[i] = integral
    for process in processes:
        process.join()
    rec_end.close()
    send_end.close()
    codes = [process.exitcode for process in processes]
    if any(code != 0 for code in codes):
        _common.fail(f"a process failed: exit codes {codes}")
    return values


if __name__ == "__main__":
    args = _common.parse_args()
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    methods = {}
    for name, parallel, busy in _common.INTEGRAL_FIGURES:
        at_once = args.workers if parallel else 1
        methods[name] = partial(run, ctx, ps, args.seed, args.sleep_scale, busy, at_once)
    timings = _common.timed(methods, lambda name, values: _common.check_integrals(values, ps, name))
    _common.emit(timings, ctx.get_start_method())
