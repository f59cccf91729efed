"""Process start -> join of a trivial target with the fork start method: the program's first, then
`count` after a pause of `pause` ms each, then `count` back to back, then Processes started inside
a Process (first, then `count`). Prints one JSON line of milliseconds."""

import multiprocessing as mp
import os
import time

from _suite import emit, parse_flags

fork = mp.get_context("fork")


def trivial():
    return 1


def start_to_join():
    began = time.perf_counter()
    process = fork.Process(target=trivial)
    process.start()
    process.join()
    elapsed = (time.perf_counter() - began) * 1000
    if process.exitcode != 0:
        raise SystemExit(f"Process exited with code {process.exitcode}")
    process.close()
    return elapsed


def nested_run(count, pause, write_end):
    times = [start_to_join()]
    for _ in range(count):
        time.sleep(pause * 2 / 1000)
        times.append(start_to_join())
    os.write(write_end, (",".join(map(str, times)) + "\n").encode())


def main():
    flags = parse_flags(count=5, pause=200)
    first = start_to_join()
    ready = []
    for _ in range(flags.count):
        time.sleep(flags.pause / 1000)
        ready.append(start_to_join())
    back_to_back = [start_to_join() for _ in range(flags.count)]
    time.sleep(flags.pause / 1000)
    read_end, write_end = os.pipe()
    outer = fork.Process(target=nested_run, args=(flags.count, flags.pause, write_end))
    outer.start()
    outer.join()
    os.close(write_end)
    with os.fdopen(read_end) as reader:
        nested = [float(x) for x in reader.read().strip().split(",")]
    emit(
        first=first,
        ready=ready,
        backToBack=back_to_back,
        nestedFirst=nested[0],
        nested=nested[1:],
    )


if __name__ == "__main__":
    main()
