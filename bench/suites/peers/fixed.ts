/**
 * The pools' fixed costs beside their peers, each contender in a fresh process per run: a
 * 2-worker pool's start-up to its first result, and one awaited `apply` round trip.
 *
 * @module
 */
import { type Figure, formatInt, type Section, type Unit } from "../../harness/figure.ts";
import { takeTurns, type Turns } from "./contenders.ts";
import { NODE_PEERS, type NodePeer } from "./peers.ts";
import { allNode, deno, nodeName, npmInDeno, type PeersParameters } from "./programs.ts";
import { python, pythonName } from "./programs.ts";
import { failureNotes, plain, present, statOf, versus } from "./versus.ts";

const LIBS = Object.keys(NODE_PEERS) as NodePeer[];

/** The Node pools' and the npm-in-Deno pools' figures of value `name`, and the best Node one. */
function poolPeers(p: PeersParameters, turns: Turns, name: string, unit: Unit, what: string) {
  const node = nodeName(p);
  const nodePools = LIBS.map((lib) =>
    plain(
      `${what}.node_${lib}`,
      `${lib} ${NODE_PEERS[lib]}, ${node}`,
      unit,
      statOf(turns, `node.${lib}`, name),
    )
  );
  const inDeno = (["piscina", "tinypool"] as const).map((lib) =>
    plain(
      `${what}.deno_${lib}`,
      `${lib} ${NODE_PEERS[lib]} in Deno (npm:)`,
      unit,
      statOf(turns, `deno.${lib}`, name),
    )
  );
  const best = present(...nodePools).toSorted((a, b) => a.summary.median - b.summary.median)[0];
  return { node: nodePools, inDeno, best: best ?? null };
}

/** Pool start-up to the first result of a trivial task, 2 workers, the first pool in a process. */
export async function startupSection(p: PeersParameters): Promise<Section> {
  const turns = await takeTurns(p, [
    deno("multiproc", "pool_child.ts", ["multiproc", "startup"]),
    ...python(p, "python", "peers_fixed.py", ["--what", "startup"]),
    ...allNode(p, ["startup"]),
    ...npmInDeno(["startup"]),
    deno("floor", "pool_child.ts", ["floor", "startup"]),
  ]);
  const pythonFork = plain(
    "startup.python_fork",
    `${pythonName(p)} get_context("fork").Pool(2)`,
    "ms",
    statOf(turns, "python", "startup_ms"),
  );
  const { node, inDeno, best } = poolPeers(p, turns, "startup_ms", "ms", "startup");
  const floor = plain(
    "startup.floor",
    "raw Deno: 2 bare Workers (floor)",
    "ms",
    statOf(turns, "floor", "startup_ms"),
    "floor",
  );
  const also = [{ name: "best Node", figure: best }, { name: "floor", figure: floor }];
  return {
    title: "Pool start-up to the first result, 2 workers, the first pool in a fresh process (ms)",
    figures: present(
      pythonFork,
      ...node,
      ...inDeno,
      floor,
      versus({
        id: "startup.multiproc",
        label: "multiproc new Pool({ processes: 2 })",
        unit: "ms",
        summary: statOf(turns, "multiproc", "startup_ms"),
        peer: pythonFork,
        peerName: "Python fork",
        ratio: { kind: "max", times: 0.8 },
        also,
        headline: "pool start-up to first result (first pool in the process)",
      }),
      versus({
        id: "startup.multiproc_second",
        label: "multiproc, a second pool in the same process",
        unit: "ms",
        summary: statOf(turns, "multiproc", "second_ms"),
        peer: pythonFork,
        peerName: "Python fork",
        fixed: { kind: "max", value: 15, source: "15 ms" },
        headline: "a second pool in the same process",
      }),
    ),
    notes: [
      "each run of each contender is a new process; contenders take turns run by run; the " +
      "clock starts just before the pool is made (its library already imported) and stops at " +
      "the first result of x + 1; the second multiproc pool is made after the first was terminated",
      ...failureNotes(turns),
    ],
  };
}

/** One awaited apply round trip: multiproc, the Node pools, npm pools in Deno, floor, Python. */
export async function roundTripSection(p: PeersParameters): Promise<Section> {
  const { trips, warmTrips } = p.sizes;
  const args = ["roundtrip", trips, warmTrips];
  const turns = await takeTurns(p, [
    deno("multiproc", "pool_child.ts", ["multiproc", ...args]),
    ...python(p, "python", "peers_fixed.py", [
      "--what",
      "apply",
      "--trips",
      trips,
      "--warm",
      warmTrips,
    ]),
    ...allNode(p, args),
    ...npmInDeno(args),
    deno("floor", "pool_child.ts", ["floor", ...args]),
  ]);
  const pythonApply = plain(
    "trip.python_fork",
    `${pythonName(p)} fork Pool(2).apply`,
    "µs",
    statOf(turns, "python", "trip_us"),
  );
  const { node, inDeno, best } = poolPeers(p, turns, "trip_us", "µs", "trip");
  const floor = plain(
    "trip.floor",
    "raw Deno postMessage echo (floor)",
    "µs",
    statOf(turns, "floor", "trip_us"),
    "floor",
  );
  const summary = statOf(turns, "multiproc", "trip_us");
  const label = "multiproc pool.apply(inc, [x])";
  const ours: Figure[] = present(
    versus({
      id: "trip.multiproc",
      label,
      unit: "µs",
      summary,
      peer: best,
      peerName: "best Node pool",
      ratio: { kind: "max", times: 1 },
      also: [{ name: "Python", figure: pythonApply }],
      headline: "one awaited `apply` round trip",
    }),
    versus({
      id: "trip.multiproc_vs_floor",
      label: "same, against the raw Deno floor",
      unit: "µs",
      summary,
      peer: floor,
      peerName: "floor",
      ratio: { kind: "max", times: 1 },
      headline: "one awaited `apply` round trip, against the raw Deno floor",
    }),
  );
  return {
    title: `One awaited round trip, 2 workers (µs, median of ${formatInt(trips)} sequential ` +
      `trips after ${formatInt(warmTrips)} untimed, in a new process per run)`,
    figures: [...present(pythonApply, ...node, ...inDeno, floor), ...ours],
    notes: [
      "every pool answers x + 1 for x = 0, 1, …, checked; Node pools: piscina.run, " +
      "poolifier FixedThreadPool.execute, tinypool.run, workerpool.exec",
      ...failureNotes(turns),
    ],
  };
}
