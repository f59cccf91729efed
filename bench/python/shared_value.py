"""Baseline of `deno task bench:shared`: multiprocessing.Value('i') incremented under its lock.

Each of `--processes` processes waits at a spin gate (a RawArray of arrival flags), then runs
`--increments` times:

    lock.acquire(); v.value = v.value + 1; lock.release()

with `lock = v.get_lock()`. A run's rate is all increments over (last end - first start), both
taken with time.perf_counter(), a clock every process shares. `--warmup` runs are made and
discarded first, then `--runs` measured. Prints one JSON object on stdout.
"""

import argparse
import json
import multiprocessing as mp
import platform
import time


def increment(index, value, gate, spans, n):
    lock = value.get_lock()
    gate[index] = 1
    while sum(gate) < len(gate):
        pass
    start = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        value.value = value.value + 1
        lock.release()
    end = time.perf_counter()
    spans[2 * index] = start
    spans[2 * index + 1] = end


def run(processes, n):
    value = mp.Value("i", 0)
    gate = mp.RawArray("i", processes)
    spans = mp.RawArray("d", 2 * processes)
    workers = [
        mp.Process(target=increment, args=(k, value, gate, spans, n)) for k in range(processes)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
        if w.exitcode != 0:
            raise SystemExit(f"an incrementing process exited with code {w.exitcode}")
    total = processes * n
    if value.value != total:
        raise SystemExit(f"{total} increments expected, {value.value} counted")
    span = max(spans[1::2]) - min(spans[0::2])
    return total / span


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--increments", type=int, default=200_000, help="per process and run")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    warmup = [run(args.processes, args.increments) for _ in range(args.warmup)]
    samples = [run(args.processes, args.increments) for _ in range(args.runs)]
    print(json.dumps({
        "python": platform.python_version(),
        "start_method": mp.get_start_method(),
        "increments_per_process": args.increments,
        "processes": args.processes,
        "unit": "increments/s",
        "warmup": warmup,
        "samples": samples,
    }))


if __name__ == "__main__":
    main()
