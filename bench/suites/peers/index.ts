/**
 * `deno task bench:peers`: every figure of issue 20 beside its peer, each contender in a fresh
 * child process, contenders taking turns run by run, ratios from the same run: pool start-up,
 * Process start → join, one apply round trip (multiproc, Python fork, piscina, poolifier,
 * tinypool and workerpool on Node, piscina and tinypool in Deno through `npm:`, the raw Deno
 * floor); Queue and SimpleQueue against Python; locked increments against bare Atomics; 1 MiB
 * sendBytes against a bare MessageChannel; numpy-style arrays against numpy. The Node peers are
 * installed by npm into a temporary folder at run time; without Node or Python the run says so
 * and goes on.
 *
 * @module
 */
import type { Section } from "../../harness/figure.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import { bytesSection, lockSection, queueSection } from "./channels.ts";
import { roundTripSection, startupSection } from "./fixed.ts";
import { processSection } from "./process.ts";
import { markdownTable } from "./markdown.ts";
import { numpySection } from "./numpy.ts";
import { findPeers, removePeers } from "./peers.ts";
import { type PeersParameters, peersSizes } from "./programs.ts";

/** The sections, by the name `--only` takes, in the order they run. */
const SECTIONS: Record<string, (p: PeersParameters) => Promise<Section>> = {
  startup: startupSection,
  process: processSection,
  "round-trip": roundTripSection,
  queue: queueSection,
  lock: lockSection,
  bytes: bytesSection,
  numpy: numpySection,
};
/** The sections with Node peers: without one of them, npm installs nothing. */
const NODE_SECTIONS = ["startup", "round-trip"];

/** The peers suite. */
export const peersSuite: Suite = {
  name: "bench:peers",
  title: "benchmark beside its peers",
  seed: 0,
  python: false,
  sectionNames: Object.keys(SECTIONS),
  loadAside: " (the contenders' own processes left out)",
  intro: (p: Parameters) => [
    `seed ${p.seed} · ${peersSizes(p.quick).warmupRounds} warm-up + ${p.runs} measured runs ` +
    "per contender, each a new process, contenders taking turns · median [min – max] over " +
    "runs · ratios from this run",
  ],
  sizes: peersSizes,
  markdown: (sections: readonly Section[], run: string) => markdownTable(sections, run),
  async *sections(p: Parameters) {
    const names = Object.keys(SECTIONS).filter((name) => p.only === null || p.only.includes(name));
    const peers = await findPeers(names.some((name) => NODE_SECTIONS.includes(name)));
    try {
      for (const note of peers.notes) yield note;
      const sizes = peersSizes(p.quick);
      const q: PeersParameters = { ...p, warmup: sizes.warmupRounds, peers, sizes };
      for (const name of names) {
        const start = performance.now();
        yield await SECTIONS[name]!(q);
        yield `  (${name}: ${((performance.now() - start) / 1000).toFixed(1)} s)`;
      }
    } finally {
      await removePeers(peers);
    }
  },
};
