/**
 * Queues and shared memory beside their peers, each contender in a fresh process per run:
 * Queue and SimpleQueue with 2 producer and 2 consumer workers against Python's with fork
 * processes; locked increments from 2 workers against bare `Atomics.add`; 1 MiB `sendBytes`
 * each way against a bare MessageChannel (bench:shared's sections, run in a child).
 *
 * @module
 */
import { formatInt, type Section } from "../../harness/figure.ts";
import { takeTurns } from "./contenders.ts";
import { deno, type PeersParameters, python, pythonName } from "./programs.ts";
import { failureNotes, plain, present, statOf, versus } from "./versus.ts";

/** Messages per second through Queue and SimpleQueue, multiproc against Python. */
export async function queueSection(p: PeersParameters): Promise<Section> {
  const n = p.sizes.queueMessages;
  const turns = await takeTurns(p, [
    deno("queue", "queue_child.ts", ["queue", n]),
    ...python(p, "python.queue", "peers_queue.py", ["--kind", "queue", "--messages", n]),
    deno("simple", "queue_child.ts", ["simple", n]),
    ...python(p, "python.simple", "peers_queue.py", ["--kind", "simple", "--messages", n]),
  ]);
  const rate = (id: string) => statOf(turns, id, "messages_per_s");
  const figures = (["queue", "simple"] as const).flatMap((kind) => {
    const name = kind === "queue" ? "Queue" : "SimpleQueue";
    const peer = plain(
      `queue.python_${kind}`,
      `${pythonName(p)} fork ${name}, 2 + 2 procs`,
      "messages/s",
      rate(`python.${kind}`),
    );
    return present(
      peer,
      versus({
        id: `queue.${kind}`,
        label: `multiproc ${name}, 2 + 2 workers`,
        unit: "messages/s",
        summary: rate(kind),
        peer,
        peerName: "Python",
        ratio: { kind: "min", times: 2 },
        headline: `\`${name}\`, 2 producer + 2 consumer workers`,
      }),
    );
  });
  return {
    title: "Queues, 2 producer + 2 consumer workers (messages per second)",
    figures,
    notes: [
      `each producer worker puts ${formatInt(n)} messages [i, i] with putSync (consumers: ` +
      "getSync) after an untimed warm-up run of a " +
      "fifth of them; one null per consumer ends it; count and sum checked; rate = messages / " +
      "(last end − first start); bench/suites/shared/work.ts's and bench/python/mp_queue.py's tasks",
      ...failureNotes(turns),
    ],
  };
}

/** Increments per second under a SharedValue's lock from 2 workers, against bare Atomics.add. */
export async function lockSection(p: PeersParameters): Promise<Section> {
  const quick = p.quick ? ["--quick"] : [];
  const turns = await takeTurns(p, [deno("lock", "shared_child.ts", ["lock", ...quick])]);
  const ceiling = plain(
    "lock.atomics",
    "bare Atomics.add, 2 workers (ceiling)",
    "increments/s",
    statOf(turns, "lock", "atomics_per_s"),
    "ceiling",
  );
  return {
    title: "Locked increments of one shared integer, 2 workers (increments per second)",
    figures: present(
      ceiling,
      versus({
        id: "lock.locked",
        label: "acquireSync(); v.value = v.value + 1; release()",
        unit: "increments/s",
        summary: statOf(turns, "lock", "locked_per_s"),
        peer: ceiling,
        peerName: "Atomics.add",
        fixed: { kind: "min", value: 15e6, source: "15 M/s" },
        headline: "locked increments, 2 workers",
      }),
    ),
    notes: [
      "bench:shared's lock section (bench/suites/shared/gated.ts), one warm-up and one " +
      "measured run in a new process per run",
      ...failureNotes(turns),
    ],
  };
}

/** 1 MiB sendBytes each way through a Pipe, against a bare MessageChannel in the same process. */
export async function bytesSection(p: PeersParameters): Promise<Section> {
  const quick = p.quick ? ["--quick"] : [];
  const turns = await takeTurns(p, [deno("bytes", "shared_child.ts", ["bytes", ...quick])]);
  const stat = (name: string) => statOf(turns, "bytes", name);
  const figures = (["to", "from"] as const).flatMap((way) => {
    const arrow = way === "to" ? "main → worker" : "worker → main";
    const floor = plain(
      `bytes.floor_${way}`,
      `bare MessageChannel, ${arrow}`,
      "GB/s",
      stat(`floor_${way}_gbs`),
      "floor",
    );
    return present(
      floor,
      versus({
        id: `bytes.pipe_${way}`,
        label: `Pipe sendBytes, ${arrow}`,
        unit: "GB/s",
        summary: stat(`pipe_${way}_gbs`),
        peer: floor,
        peerName: "MessageChannel",
        ratio: { kind: "min", times: 0.9 },
        headline: `1 MiB \`sendBytes\` ${arrow}`,
      }),
    );
  });
  return {
    title: "1 MiB sendBytes through a Pipe, each way (GB/s)",
    figures,
    notes: [
      "bench:shared's pipe throughput section (bench/suites/shared/pipe_throughput.ts), one " +
      "warm-up and one measured run in a new process per run; the floor runs in the same process",
      ...failureNotes(turns),
    ],
  };
}
