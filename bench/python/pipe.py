"""Baseline of `deno task bench:shared`: multiprocessing.Pipe between a parent and a child.

--mode latency: the parent sends an int i and waits for the child to echo it back, `--trips`
times in a row; a run's sample is its median trip in microseconds (its mean is kept too).

--mode throughput: the child says "ready", then the parent sends `--messages` messages of
`--bytes` bytes with send_bytes; the child receives them with recv_bytes, checks every 4096th
byte of each, and answers with the sum. A run's sample is bytes / seconds / 1e9 (GB/s), from
"ready" to the answer. The payload is random.Random(--seed).randbytes(--bytes).

One child serves every run; `--warmup` runs are made and discarded first, then `--runs`
measured. Prints one JSON object on stdout.
"""

import argparse
import json
import multiprocessing as mp
import platform
import random
import statistics
import time

CHECKSUM_STRIDE = 4096


def sparse_checksum(data):
    """Byte count plus every 4096th byte, weighted by its position (as work.ts does)."""
    total = len(data)
    for k, i in enumerate(range(0, len(data), CHECKSUM_STRIDE)):
        total += data[i] * (1 + k)
    return total


def child(conn):
    while True:
        command = conn.recv()
        if command is None:
            break
        op, count = command
        if op == "echo":
            for _ in range(count):
                conn.send(conn.recv())
        elif op == "sink":
            conn.send("ready")
            checksum = 0
            for _ in range(count):
                checksum += sparse_checksum(conn.recv_bytes())
            conn.send(checksum)
    conn.close()


def latency_run(conn, trips):
    conn.send(("echo", trips))
    times = []
    start = time.perf_counter()
    for i in range(trips):
        t0 = time.perf_counter()
        conn.send(i)
        if conn.recv() != i:
            raise SystemExit(f"round trip {i} came back wrong")
        times.append((time.perf_counter() - t0) * 1e6)
    mean = (time.perf_counter() - start) * 1e6 / trips
    return statistics.median(times), mean


def throughput_run(conn, payload, messages):
    conn.send(("sink", messages))
    if conn.recv() != "ready":
        raise SystemExit("the child did not say ready")
    start = time.perf_counter()
    for _ in range(messages):
        conn.send_bytes(payload)
    checksum = conn.recv()
    seconds = time.perf_counter() - start
    if checksum != messages * sparse_checksum(payload):
        raise SystemExit("bytes received differ from the bytes sent")
    return messages * len(payload) / seconds / 1e9


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["latency", "throughput"], required=True)
    parser.add_argument("--trips", type=int, default=2000)
    parser.add_argument("--messages", type=int, default=256)
    parser.add_argument("--bytes", type=int, default=1 << 20)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--seed", type=int, default=100)
    args = parser.parse_args()

    parent, child_end = mp.Pipe()
    process = mp.Process(target=child, args=(child_end,))
    process.start()
    child_end.close()
    result = {"python": platform.python_version(), "start_method": mp.get_start_method()}
    try:
        if args.mode == "latency":
            for _ in range(args.warmup):
                latency_run(parent, args.trips)
            runs = [latency_run(parent, args.trips) for _ in range(args.runs)]
            result.update(
                unit="µs", trips=args.trips,
                samples=[m for m, _ in runs], means=[mean for _, mean in runs],
            )
        else:
            payload = random.Random(args.seed).randbytes(args.bytes)
            for _ in range(args.warmup):
                throughput_run(parent, payload, args.messages)
            samples = [throughput_run(parent, payload, args.messages) for _ in range(args.runs)]
            result.update(unit="GB/s", messages=args.messages, bytes=args.bytes, samples=samples)
    finally:
        parent.send(None)
        process.join()
        parent.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
