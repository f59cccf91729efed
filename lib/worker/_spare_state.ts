/**
 * This thread's side of the warm spares (`_spare.ts`): its relay to the spawner, the shared count
 * of ready spares, and the demand the top-level thread reports; with the checks every part of
 * the spares makes (where this thread runs, whether spares are possible here).
 *
 * @module
 */
import { IN_DENO } from "../internal/runtime.ts";
import { canRelease } from "./_idle_release.ts";
import type { Relay } from "./_remote_worker.ts";

/** What this thread knows of the spares. */
export interface SpareState {
  /**
   * Its relay to the spawner: from the spare message in a Process's worker; made with the
   * spawner on the top-level thread; `null` while it has none.
   */
  relay: Relay | null;
  /** How many spares are ready and not claimed, shared by every thread. */
  ready: Int32Array<SharedArrayBuffer> | null;
  /** Set once this thread's Processes start workers of their own, as before spares. */
  spawnerFailed: boolean;
  /** In a worker that asked its parent for a relay: until the answer, its Processes wait. */
  awaitingAnswer: boolean;
  /**
   * In such a worker: the top-level thread's port that builds its Processes' workers when no
   * spare is ready (as it does its own: faster than the spawner, which builds inside a worker).
   */
  builder: Relay | null;
  /** The modules every spare imports while it waits (`preloadInSpares`). */
  preload: readonly string[];
  /** On the top-level thread: how many of its Processes run now. */
  live: number;
  /**
   * How many were started since none ran (a burst: Processes started in turns, as a batch at
   * most N at a time is).
   */
  burst: number;
  /** The most spares it asked the spawner for. */
  asked: number;
  /** The last key it gave a client of the spawner. */
  lastClient: number;
}

/** This thread's state of the spares. */
export const spares: SpareState = {
  relay: null,
  ready: null,
  spawnerFailed: false,
  awaitingAnswer: false,
  builder: null,
  preload: [],
  live: 0,
  burst: 0,
  asked: 0,
  lastClient: 0,
};

/** This thread's Processes take no spare from now on: they start workers of their own. */
export function forgoSpares(): void {
  spares.relay = null;
  spares.ready = null;
  spares.spawnerFailed = true;
}

/** Whether this is the program's top-level thread (not a worker). */
export function isTopLevel(): boolean {
  return typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope === "undefined";
}

/** Deno's CLI, where an idle worker can be released and every entry script can be loaded. */
export function sparesPossible(): boolean {
  return IN_DENO && !Deno.build.standalone && canRelease();
}

/** Takes one ready spare from the count, if there is one. */
export function claim(count: Int32Array): boolean {
  for (;;) {
    const seen = Atomics.load(count, 0);
    if (seen <= 0) return false;
    if (Atomics.compareExchange(count, 0, seen, seen - 1) === seen) return true;
  }
}
