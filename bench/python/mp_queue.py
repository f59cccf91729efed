"""Baseline of `deno task bench:shared`: a multiprocessing.Queue (or SimpleQueue, with
`--kind simple`) between producers and consumers.

Named mp_queue.py: a queue.py beside it would hide the standard library's queue module.
"""

import multiprocessing as mp
import time

from _suite import emit, join_all, parse_flags


def produce(queue, barrier, spans, slot, first, count):
    barrier.wait()
    start = time.perf_counter()
    for i in range(first, first + count):
        queue.put([i, i])
    spans[2 * slot : 2 * slot + 2] = start, time.perf_counter()


def consume(queue, barrier, spans, slot, taken, index):
    barrier.wait()
    start = time.perf_counter()
    count = 0
    total = 0
    for message in iter(queue.get, None):
        count += 1
        total += message[0]
    spans[2 * slot : 2 * slot + 2] = start, time.perf_counter()
    taken[2 * index : 2 * index + 2] = count, total


def run(kind, producers, consumers, n, ctx=mp):
    """Messages per second from the first start to the last end (perf_counter is system-wide);
    `ctx`: the multiprocessing module or a context (bench:peers passes the fork one)."""
    queue = ctx.SimpleQueue() if kind == "simple" else ctx.Queue()
    barrier = ctx.Barrier(producers + consumers)
    spans = ctx.RawArray("d", 2 * (producers + consumers))
    taken = ctx.RawArray("d", 2 * consumers)
    putting = [
        ctx.Process(target=produce, args=(queue, barrier, spans, k, k * n, n))
        for k in range(producers)
    ]
    getting = [
        ctx.Process(target=consume, args=(queue, barrier, spans, producers + k, taken, k))
        for k in range(consumers)
    ]
    for process in putting + getting:
        process.start()
    join_all(putting, "a queue process")
    for _ in getting:  # every producer is done: one None per consumer ends them
        queue.put(None)
    join_all(getting, "a queue process")
    total = producers * n
    count = sum(taken[0::2])
    if count != total or sum(taken[1::2]) != total * (total - 1) // 2:
        raise SystemExit(f"{total} messages expected, {count} taken")
    return total / (max(spans[1::2]) - min(spans[0::2]))


if __name__ == "__main__":
    args = parse_flags(
        messages=25_000, producers=2, consumers=2, runs=7, warmup=1, kind=("queue", "simple")
    )
    sizes = (args.kind, args.producers, args.consumers, args.messages)
    rates = [run(*sizes) for _ in range(args.warmup + args.runs)]
    emit(kind=args.kind, messages_per_producer=args.messages, producers=args.producers, consumers=args.consumers,
         unit="messages/s", warmup=rates[: args.warmup], samples=rates[args.warmup :])
