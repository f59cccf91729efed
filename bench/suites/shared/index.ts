/**
 * The shared-memory and channel suite (`deno task bench:shared`): a SharedValue's Lock, a Pipe's
 * round trip and throughput, a Queue; against the bare Web platform and Python's multiprocessing.
 *
 * @module
 */
import type { Parameters, Suite } from "../../harness/suite.ts";
import { sharedSizes } from "./common.ts";
import { lockSection } from "./gated.ts";
import { queueSection } from "./queue.ts";
import { pipeLatencySection } from "./pipe.ts";
import { pipeThroughputSection } from "./pipe_throughput.ts";

/** The sections, by the name `--only` takes, in the order they run. */
const SECTIONS = {
  lock: lockSection,
  "pipe-latency": pipeLatencySection,
  "pipe-throughput": pipeThroughputSection,
  queue: queueSection,
} as const;

/** The shared suite. */
export const sharedSuite: Suite = {
  name: "bench:shared",
  title: "shared-memory and channel benchmark",
  seed: 100,
  python: true,
  sectionNames: Object.keys(SECTIONS),
  loadAside: " (time in Python's baselines left out)",
  intro: (p: Parameters) => [
    p.python === null
      ? "python3: not found on PATH · Python baselines skipped"
      : `python3: Python ${p.python.version} (${p.python.executable}) · baselines in bench/python/`,
    `seed ${p.seed} · ${p.warmup} warm-up + ${p.runs} measured runs per figure · ` +
    "median [min – max] over runs · targets are informational",
  ],
  sizes: sharedSizes,
  async *sections(p: Parameters) {
    for (const [name, section] of Object.entries(SECTIONS)) {
      if (p.only === null || p.only.includes(name)) yield await section(p, sharedSizes(p.quick));
    }
  },
};
