/**
 * The pool suite (`deno task bench:pool`), 2 workers: throughput of tiny tasks, a per-row count
 * over a seeded matrix, the latency of one round trip, and a pool's start-up. Every figure is set
 * against a baseline measured in the same run: a naive one-message-per-task pool, or the serial
 * loop. Targets are informational. Round-trip latency on a virtual machine depends on which vCPUs
 * the threads land on: see the note under that figure.
 *
 * @module
 */
import type { Parameters, Suite } from "../../harness/suite.ts";
import { countRows } from "./count.ts";
import { latency } from "./latency.ts";
import { poolSizes } from "./sizes.ts";
import { tinyTasks } from "./throughput.ts";

/** The pool suite. */
export const poolSuite: Suite = {
  name: "bench:pool",
  title: "pool benchmark",
  seed: 100,
  python: false,
  intro: (p: Parameters) => [
    `seed ${p.seed} · 2 workers · ${p.warmup} warm-up + ${p.runs} measured runs per ` +
    "figure · median [min – max] over runs · targets are informational",
  ],
  sizes: poolSizes,
  async *sections(p: Parameters) {
    const sizes = poolSizes(p.quick);
    for (const section of [tinyTasks, countRows, latency]) yield await section(p, sizes);
  },
};
