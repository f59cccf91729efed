"""Python's side of `deno task bench:peers`' queues, in a fresh process with the "fork" start
method: `--kind queue|simple`, 2 producer + 2 consumer processes through one multiprocessing
Queue or SimpleQueue (mp_queue.py's run), `--messages` per producer, after an untimed warm-up
run of a fifth of them; prints `{"values": {"messages_per_s": rate}}`."""

import json
import multiprocessing as mp
import platform

from _suite import parse_flags
from mp_queue import run

PRODUCERS, CONSUMERS = 2, 2


if __name__ == "__main__":
    args = parse_flags(kind=("queue", "simple"), messages=10_000)
    ctx = mp.get_context("fork")
    run(args.kind, PRODUCERS, CONSUMERS, max(1, args.messages // 5), ctx)
    rate = run(args.kind, PRODUCERS, CONSUMERS, args.messages, ctx)
    print(json.dumps({"runtime": f"python {platform.python_version()}",
                      "values": {"messages_per_s": rate}}))
