"""Notebook 000, question 9 (`examples/pipe.ts`): five processes each integrate the notebook's
gaussian and send `[i, integral]` through one shared `send_end` of a `multiprocessing.Pipe()`;
the parent receives on `rec_end`.

Integral i is `scipy.integrate.quad` of notebook 000's sleepy gaussian `exp(-(x*p_i)^2)` over
(-inf, inf), p = `RandomState(seed).randint(1, 100, 5)`, the sleeps drawn from
`RandomState(seed + i)` (see `_common.py`; `examples/_integrand.ts`). Sleeps are scaled by 0.1
in a full run (the notebook's 1 would make a run 20-26 s) and by 0.02 with `--quick`, as
`tools/exercises.ts` passes `--sleep-scale 0.02`; `--sleep-scale` overrides.

Figures (seconds per run, from the first start() to the last join()):
- `serial`: the notebook's loop, which receives inside the loop that starts the processes, so
  each process runs only after the previous one answered (the Deno example's "one after
  another");
- `parallel`: the Deno example's fix, processes started before receiving, with at most
  `--workers` alive at once (the next starts when an answer arrives; all five at once, as the
  Deno example, when `--workers` >= 5);
- `serialBusy`, `parallelBusy`: the same with the integrand spinning instead of sleeping.
Every integral received must be within 1e-12 (relative) of sqrt(pi)/p, as the Deno example checks.
"""

import sys
import time

sys.dont_write_bytecode = True
# Imported before any fork, so the children do not each import it again (0.3 s apiece).
import scipy.integrate  # noqa: E402, F401

import _common  # noqa: E402


def integrate_pipe(i, send_end, p, seed, sleep_scale, busy):
    """The notebook's `integrate_pipe`: integrates for p and sends [i, integral]."""
    send_end.send([i, _common.integrate(p, seed + i, sleep_scale, busy)])


def run(ctx, ps, seed, sleep_scale, busy, at_once):
    """Starts the processes, at most `at_once` unanswered, and returns the integrals by index."""
    rec_end, send_end = ctx.Pipe()
    processes = [
        ctx.Process(target=integrate_pipe, args=(i, send_end, p, seed, sleep_scale, busy))
        for i, p in enumerate(ps)
    ]
    values = [None] * len(ps)
    started = 0
    for _ in ps:
        while started < len(processes) and started - sum(v is not None for v in values) < at_once:
            processes[started].start()
            started += 1
        # A process that died without sending would leave recv() waiting for ever.
        while not rec_end.poll(0.05):
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


def main():
    args = _common.parse_args(__doc__.splitlines()[0], sleep_scale=True)
    ps = _common.parameters(5, args.seed)
    ctx = _common.context()
    timings = {}
    for name, parallel, busy in _common.INTEGRAL_FIGURES:
        start = time.perf_counter()
        values = run(ctx, ps, args.seed, args.sleep_scale, busy, args.workers if parallel else 1)
        timings[name] = time.perf_counter() - start
        _common.check_integrals(values, ps, name)
    _common.emit(timings, ctx.get_start_method())


if __name__ == "__main__":
    main()
