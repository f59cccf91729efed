"""Baseline of `deno task bench:shared`: multiprocessing.Queue with producers and consumers.

(Named mp_queue.py, not queue.py: a script's directory comes first on sys.path, and a queue.py
there would hide the standard library's queue module that multiprocessing imports.)

Each of `--producers` processes puts `--messages` lists [i, i] (producer k: i from k*n to
(k+1)*n - 1); once they are all done the parent puts one None per consumer, and each of
`--consumers` processes gets until its first None, counting what it took and summing the first
items. All wait at a Barrier, so a run starts at once; a
run's rate is messages / (last end - first start), both taken with time.perf_counter(), a clock
every process shares. `--warmup` runs are made and discarded first, then `--runs` measured.
Prints one JSON object on stdout.
"""

import argparse
import json
import multiprocessing as mp
import platform
import time


def produce(queue, barrier, spans, slot, first, count):
    barrier.wait()
    start = time.perf_counter()
    for i in range(first, first + count):
        queue.put([i, i])
    spans[2 * slot] = start
    spans[2 * slot + 1] = time.perf_counter()


def consume(queue, barrier, spans, slot, taken, index):
    barrier.wait()
    start = time.perf_counter()
    count = 0
    total = 0
    while True:
        message = queue.get()
        if message is None:
            break
        count += 1
        total += message[0]
    spans[2 * slot] = start
    spans[2 * slot + 1] = time.perf_counter()
    taken[2 * index] = count
    taken[2 * index + 1] = total


def run(producers, consumers, n):
    parties = producers + consumers
    queue = mp.Queue()
    barrier = mp.Barrier(parties)
    spans = mp.RawArray("d", 2 * parties)
    taken = mp.RawArray("d", 2 * consumers)
    processes = [
        mp.Process(target=produce, args=(queue, barrier, spans, k, k * n, n))
        for k in range(producers)
    ] + [
        mp.Process(target=consume, args=(queue, barrier, spans, producers + k, taken, k))
        for k in range(consumers)
    ]
    for p in processes:
        p.start()
    for k, p in enumerate(processes):
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a queue process exited with code {p.exitcode}")
        if k == producers - 1:
            # Every producer is done: one None per consumer ends the consumers.
            for _ in range(consumers):
                queue.put(None)
    total = producers * n
    count = sum(taken[0::2])
    if count != total or sum(taken[1::2]) != total * (total - 1) // 2:
        raise SystemExit(f"{total} messages expected, {count} taken")
    return total / (max(spans[1::2]) - min(spans[0::2]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=25_000, help="per producer and run")
    parser.add_argument("--producers", type=int, default=2)
    parser.add_argument("--consumers", type=int, default=2)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    args = parser.parse_args()
    warmup = [run(args.producers, args.consumers, args.messages) for _ in range(args.warmup)]
    samples = [run(args.producers, args.consumers, args.messages) for _ in range(args.runs)]
    print(json.dumps({
        "python": platform.python_version(),
        "start_method": mp.get_start_method(),
        "messages_per_producer": args.messages,
        "producers": args.producers,
        "consumers": args.consumers,
        "unit": "messages/s",
        "warmup": warmup,
        "samples": samples,
    }))


if __name__ == "__main__":
    main()
