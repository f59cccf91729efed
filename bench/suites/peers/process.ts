/**
 * A trivial Process's start → join beside Python's fork Process and a bare Deno Worker, and the
 * same Process started inside a worker, each contender in a fresh process per run.
 *
 * @module
 */
import type { Section } from "../../harness/figure.ts";
import { takeTurns } from "./contenders.ts";
import { deno, type PeersParameters, python, pythonName } from "./programs.ts";
import { failureNotes, plain, present, statOf, versus } from "./versus.ts";

/** A trivial Process's start → join: top-level, nested in a worker, Python fork, a bare Worker. */
export async function processSection(p: PeersParameters): Promise<Section> {
  const { processTimes: n, nestedTimes, gapMs } = p.sizes;
  const turns = await takeTurns(p, [
    deno("multiproc", "process_child.ts", ["process", n, gapMs]),
    ...python(p, "python", "peers_fixed.py", ["--what", "process", "--times", n, "--gap", gapMs]),
    deno("worker", "process_child.ts", ["worker", n, gapMs]),
    deno("nested", "process_child.ts", ["nested", nestedTimes, gapMs]),
  ]);
  const stat = (id: string) => statOf(turns, id, "start_join_ms");
  const pythonFork = plain(
    "process.python_fork",
    `${pythonName(p)} get_context("fork").Process`,
    "ms",
    stat("python"),
  );
  const worker = plain(
    "process.bare_worker",
    "a bare Deno Worker, posts once (floor)",
    "ms",
    stat("worker"),
    "floor",
  );
  const top = versus({
    id: "process.multiproc",
    label: "multiproc Process (thread), main thread",
    unit: "ms",
    summary: stat("multiproc"),
    peer: pythonFork,
    peerName: "Python fork",
    ratio: { kind: "max", times: 0.5 },
    also: [{ name: "bare Worker", figure: worker }],
    headline: "`Process` start → join, trivial target (thread)",
  });
  return {
    title: "Process start → join of a trivial target (ms, median of each process's starts)",
    figures: present(
      pythonFork,
      worker,
      top,
      versus({
        id: "process.nested",
        label: "multiproc Process started inside a pool worker",
        unit: "ms",
        summary: stat("nested"),
        peer: top,
        peerName: "top-level",
        ratio: { kind: "max", times: 1 },
        also: [{ name: "Python fork", figure: pythonFork }],
        headline: "a Process started inside a worker",
      }),
    ),
    notes: [
      `each process starts and joins ${n} Processes one after the other (nested: ` +
      `${nestedTimes}), ${gapMs} ms apart, and reports their median; a new process per run`,
      ...failureNotes(turns),
    ],
  };
}
