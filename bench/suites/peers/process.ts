/**
 * A trivial Process's start → join beside Python's fork Process and a bare Deno Worker: with a
 * warm spare ready, back to back, a program's first, inside a Process and inside a pool worker,
 * each contender in a fresh process per run.
 *
 * @module
 */
import type { Section } from "../../harness/figure.ts";
import { takeTurns } from "./contenders.ts";
import { deno, type PeersParameters, python, pythonName } from "./programs.ts";
import { failureNotes, plain, present, statOf, versus } from "./versus.ts";

/** Start → join: top-level (spare ready, back to back, first), nested, Python fork, a Worker. */
export async function processSection(p: PeersParameters): Promise<Section> {
  const { processTimes: n, gapMs } = p.sizes;
  const turns = await takeTurns(p, [
    deno("multiproc", "process_child.ts", ["process", n, gapMs]),
    ...python(p, "python", "peers_fixed.py", ["--what", "process", "--times", n, "--gap", gapMs]),
    deno("worker", "process_child.ts", ["worker", n, gapMs]),
  ]);
  const ours = (name: string) => statOf(turns, "multiproc", name);
  const pythonFork = plain(
    "process.python_fork",
    `${pythonName(p)} get_context("fork").Process`,
    "ms",
    statOf(turns, "python", "start_join_ms"),
  );
  const worker = plain(
    "process.bare_worker",
    "a bare Deno Worker, posts once (floor)",
    "ms",
    statOf(turns, "worker", "start_join_ms"),
    "floor",
  );
  const top = versus({
    id: "process.multiproc",
    label: "multiproc Process, warm spare ready",
    unit: "ms",
    summary: ours("ready_ms"),
    peer: pythonFork,
    peerName: "Python fork",
    ratio: { kind: "max", times: 0.5 },
    also: [{ name: "bare Worker", figure: worker }],
    headline: "`Process` start → join, trivial target (thread, warm spare ready)",
  });
  const informational = (id: string, label: string, name: string) =>
    versus({
      id,
      label,
      unit: "ms",
      summary: ours(name),
      peer: pythonFork,
      peerName: "Python fork",
      also: [{ name: "bare Worker", figure: worker }],
    });
  return {
    title: "Process start → join of a trivial target (ms, median of each process's starts)",
    figures: present(
      pythonFork,
      worker,
      top,
      informational("process.back_to_back", "multiproc Process, back to back", "back_to_back_ms"),
      informational("process.first", "multiproc Process, the program's first", "first_ms"),
      informational(
        "process.pool_first",
        "multiproc Process, a pool task's first",
        "pool_first_ms",
      ),
      versus({
        id: "process.nested",
        label: "multiproc Process started inside a Process",
        unit: "ms",
        summary: ours("nested_ms"),
        peer: top,
        peerName: "top-level",
        ratio: { kind: "max", times: 1 },
        also: [{ name: "Python fork", figure: pythonFork }],
        headline: "a Process started inside a Process",
      }),
      versus({
        id: "process.pool_nested",
        label: "multiproc Process started inside a pool worker",
        unit: "ms",
        summary: ours("pool_ms"),
        peer: top,
        peerName: "top-level",
        ratio: { kind: "max", times: 1 },
        also: [{ name: "Python fork", figure: pythonFork }],
        headline: "a Process started inside a pool worker",
      }),
    ),
    notes: [
      `multiproc: bench:process's measurement (bench/suites/process/child.ts), ${n} Processes ` +
      "per figure: each after a 200 ms pause and until a warm spare is ready, then back to " +
      "back, the program's first, then inside a Process and inside a pool worker's task (its " +
      "first, then each after a pause)",
      `Python fork and the bare Worker: ${n} one after the other, ${gapMs} ms apart; the median ` +
      "of each process, a new process per run",
      ...failureNotes(turns),
    ],
  };
}
