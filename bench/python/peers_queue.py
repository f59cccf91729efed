"""Python's side of `deno task bench:peers`' queues, in a fresh process with the "fork" start
method: `--kind queue|simple`, 2 producer + 2 consumer processes through one multiprocessing
Queue or SimpleQueue (mp_queue.py's tasks), `--messages` per producer, after an untimed warm-up
run of a fifth of them; prints `{"values": {"messages_per_s": rate}}`."""

import json
import multiprocessing as mp
import platform

from _suite import join_all, parse_flags
from mp_queue import consume, produce

PRODUCERS, CONSUMERS = 2, 2


def run(ctx, kind, n):
    """Messages per second from the first start to the last end (perf_counter is system-wide)."""
    queue = ctx.SimpleQueue() if kind == "simple" else ctx.Queue()
    barrier = ctx.Barrier(PRODUCERS + CONSUMERS)
    spans = ctx.RawArray("d", 2 * (PRODUCERS + CONSUMERS))
    taken = ctx.RawArray("d", 2 * CONSUMERS)
    putting = [ctx.Process(target=produce, args=(queue, barrier, spans, k, k * n, n))
               for k in range(PRODUCERS)]
    getting = [ctx.Process(target=consume, args=(queue, barrier, spans, PRODUCERS + k, taken, k))
               for k in range(CONSUMERS)]
    for process in putting + getting:
        process.start()
    join_all(putting, "a producer")
    for _ in getting:  # every producer is done: one None per consumer ends them
        queue.put(None)
    join_all(getting, "a consumer")
    total = PRODUCERS * n
    count = sum(taken[0::2])
    if count != total or sum(taken[1::2]) != total * (total - 1) // 2:
        raise SystemExit(f"{total} messages expected, {count} taken")
    return total / (max(spans[1::2]) - min(spans[0::2]))


if __name__ == "__main__":
    args = parse_flags(kind=("queue", "simple"), messages=10_000)
    ctx = mp.get_context("fork")
    run(ctx, args.kind, max(1, args.messages // 5))
    rate = run(ctx, args.kind, args.messages)
    print(json.dumps({"runtime": f"python {platform.python_version()}",
                      "values": {"messages_per_s": rate}}))
