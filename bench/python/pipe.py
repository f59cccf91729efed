"""Baseline of `deno task bench:shared`: multiprocessing.Pipe, parent to one child process.

--mode latency: a run's sample is the median of `--trips` ints echoed, in µs (its mean is kept);
--mode throughput: GB/s of `--messages` send_bytes of `--bytes` bytes, from "ready" to checksum.
"""

import multiprocessing as mp
import random
import statistics
import time

from _suite import emit, parse_flags


def sparse_checksum(data):
    """Byte count plus every 4096th byte weighted by its position, as work.ts has it."""
    return len(data) + sum(byte * (1 + k) for k, byte in enumerate(data[::4096]))


def child(conn):
    """Serves ("echo", n) and ("sink", n) until None: one child serves every run."""
    for op, count in iter(conn.recv, None):
        if op == "echo":
            for _ in range(count):
                conn.send(conn.recv())
        else:
            conn.send("ready")
            conn.send(sum(sparse_checksum(conn.recv_bytes()) for _ in range(count)))
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
    return statistics.median(times), (time.perf_counter() - start) * 1e6 / trips


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


if __name__ == "__main__":
    args = parse_flags(mode=("latency", "throughput"), trips=2000, messages=256, bytes=1 << 20,
                       runs=7, warmup=1, seed=100)
    parent, child_end = mp.Pipe()
    process = mp.Process(target=child, args=(child_end,))
    process.start()
    child_end.close()
    try:
        if args.mode == "latency":
            runs = [latency_run(parent, args.trips) for _ in range(args.warmup + args.runs)]
            measured = runs[args.warmup :]
            fields = {"unit": "µs", "trips": args.trips, "samples": [m for m, _ in measured],
                      "means": [mean for _, mean in measured]}
        else:
            payload = random.Random(args.seed).randbytes(args.bytes)
            runs = [throughput_run(parent, payload, args.messages)
                    for _ in range(args.warmup + args.runs)]
            fields = {"unit": "GB/s", "messages": args.messages, "bytes": args.bytes,
                      "samples": runs[args.warmup :]}
    finally:
        parent.send(None)
        process.join()
        parent.close()
    emit(**fields)
