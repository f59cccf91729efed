/**
 * The children bench:peers runs, as {@linkcode Contender}s: its own Deno scripts (children/),
 * piscina and tinypool in Deno through `npm:`, the Node peers (bench/node/, run from the folder
 * npm installed them into) and the Python peers (bench/python/peers_*.py).
 *
 * @module
 */
import type { Parameters } from "../../harness/suite.ts";
import type { Contender } from "./contenders.ts";
import { NODE_PEERS, type NodePeer, type Peers } from "./peers.ts";

/** Sizes of a run of bench:peers (see {@linkcode peersSizes}). */
export interface PeersSizes {
  /**
   * Warm-up rounds of new processes before the measured ones (the suite's `warmup` is not
   * used): none with `--quick`, to keep it short; the children warm up inside anyway.
   */
  readonly warmupRounds: number;
  readonly workers: number;
  /** Sequential round trips timed per process, after `warmTrips` untimed. */
  readonly trips: number;
  readonly warmTrips: number;
  /** Process start → join per process, `gapMs` apart (Python and the bare Worker). */
  readonly processTimes: number;
  readonly gapMs: number;
  /** Messages per producer. */
  readonly queueMessages: number;
  /** Elements of the numpy-style arrays. */
  readonly elements: number;
}

/** Sizes of a run of bench:peers; `--quick` makes them smaller. */
export function peersSizes(quick: boolean): PeersSizes {
  return {
    warmupRounds: quick ? 0 : 1,
    workers: 2,
    trips: quick ? 300 : 1_000,
    // Enough for every worker of a pool to have started and warmed up before the timed trips.
    warmTrips: quick ? 1_000 : 3_000,
    processTimes: quick ? 5 : 10,
    gapMs: 10,
    queueMessages: quick ? 3_000 : 6_000,
    elements: 1_000_000,
  };
}

/** What every section of bench:peers is given. */
export type PeersParameters = Parameters & {
  readonly peers: Peers;
  readonly sizes: PeersSizes;
};

const CHILDREN = new URL("./children/", import.meta.url);
const PYTHON = new URL("../../python/", import.meta.url);

/** "Python 3.11.7", or "Python" when python3 was not found (its figures are then absent). */
export function pythonName(p: PeersParameters): string {
  return p.peers.python === null ? "Python" : `Python ${p.peers.python.version}`;
}

/** "Node v20.20.2", or "Node" when it was not found (its figures are then absent). */
export function nodeName(p: PeersParameters): string {
  return p.peers.node === null ? "Node" : `Node ${p.peers.node.version}`;
}

/** `deno run -A children/<script> args`. */
export function deno(id: string, script: string, args: readonly (string | number)[]): Contender {
  const path = new URL(script, CHILDREN).pathname;
  return { id, command: Deno.execPath(), args: ["run", "-A", path, ...args.map(String)] };
}

/** The Node peer `lib` (`node peer.mjs lib args`), or nothing without Node. */
export function node(
  p: PeersParameters,
  lib: NodePeer,
  args: readonly (string | number)[],
): Contender[] {
  const found = p.peers.node;
  if (found === null) return [];
  const id = `node.${lib}`;
  return [{
    id,
    command: found.executable,
    args: ["peer.mjs", lib, ...args.map(String)],
    cwd: found.dir,
  }];
}

/** Every Node peer with `args`. */
export function allNode(p: PeersParameters, args: readonly (string | number)[]): Contender[] {
  return (Object.keys(NODE_PEERS) as NodePeer[]).flatMap((lib) => node(p, lib, args));
}

/** piscina and tinypool inside Deno, through `npm:` specifiers. */
export function npmInDeno(args: readonly (string | number)[]): Contender[] {
  return (["piscina", "tinypool"] as const).map((lib) =>
    deno(`deno.${lib}`, "npm_peer.ts", [lib, ...args])
  );
}

/** `python3 -B bench/python/<script> args`, or nothing without python3 (or numpy, if needed). */
export function python(
  p: PeersParameters,
  id: string,
  script: string,
  args: readonly (string | number)[],
  needsNumpy = false,
): Contender[] {
  const found = p.peers.python;
  if (found === null || (needsNumpy && p.peers.numpy === null)) return [];
  const path = new URL(script, PYTHON).pathname;
  return [{ id, command: found.executable, args: ["-B", path, ...args.map(String)] }];
}
