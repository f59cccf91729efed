"""Baseline of `deno task bench:shared`: multiprocessing.Value('i') incremented under its lock."""

import multiprocessing as mp
import time

from _suite import emit, join_all, parse_flags


def increment(index, value, gate, spans, n):
    lock = value.get_lock()
    gate[index] = 1
    while sum(gate) < len(gate):  # a spin gate, so that every process starts at once
        pass
    start = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        value.value = value.value + 1
        lock.release()
    spans[2 * index : 2 * index + 2] = start, time.perf_counter()


def run(processes, n):
    """Increments per second from the first start to the last end (perf_counter is system-wide)."""
    value = mp.Value("i", 0)
    gate = mp.RawArray("i", processes)
    spans = mp.RawArray("d", 2 * processes)
    workers = [
        mp.Process(target=increment, args=(k, value, gate, spans, n)) for k in range(processes)
    ]
    for worker in workers:
        worker.start()
    join_all(workers, "an incrementing process")
    if value.value != processes * n:
        raise SystemExit(f"{processes * n} increments expected, {value.value} counted")
    return processes * n / (max(spans[1::2]) - min(spans[0::2]))


if __name__ == "__main__":
    args = parse_flags(increments=200_000, processes=2, runs=7, warmup=1)
    rates = [run(args.processes, args.increments) for _ in range(args.warmup + args.runs)]
    emit(increments_per_process=args.increments, processes=args.processes, unit="increments/s",
         warmup=rates[: args.warmup], samples=rates[args.warmup :])
