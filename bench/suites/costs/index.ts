/**
 * What the runtime itself costs (`deno task bench:costs`, after its `deno bench` micro
 * benchmarks): a program's first timer and a page's first write, figures the docs quote to
 * explain others (why the pool's timers avoid `setTimeout`, why a new result array is dear).
 *
 * @module
 */
import type { Parameters, Suite } from "../../harness/suite.ts";
import { faultBytes, pageFaultSection } from "./page_faults.ts";
import { timerSection } from "./timers.ts";

const SEED = 25;

/** The costs suite. */
export const costsSuite: Suite = {
  name: "bench:costs",
  title: "runtime costs benchmark",
  seed: SEED,
  python: false,
  intro: (p: Parameters) => [
    `${p.runs} runs · a fresh program per timer sample · ${faultBytes(p.quick) >> 20} MiB ` +
    "buffers for the page faults · nothing random (seed unused)",
  ],
  sizes: (quick: boolean) => ({ faultBytes: faultBytes(quick) }),
  async *sections(p: Parameters) {
    yield await timerSection(p);
    yield pageFaultSection(p);
  },
};
