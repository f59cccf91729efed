/**
 * The pool suite's start-up section: each sample is a fresh process, so the first pool of a
 * process is timed as a program meets it. Samples take turns: multiproc's Pool of 2, the floor
 * (2 bare Deno workers in a fresh `deno run`) and Python's `Pool(2)` with the fork start method,
 * each from just before its pool is made to its first result, then a second pool in the same
 * process.
 *
 * @module
 */
import { type Figure, figure, type Section, type Target } from "../../harness/figure.ts";
import { notLoad } from "../../harness/load.ts";
import { lastJsonLine, pythonMissingNote, runPython } from "../../harness/python.ts";
import { interleave, type Stat, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";

/** One sample's figures: ms to the first result of the first pool, then of a second one. */
interface Sample {
  readonly first: number;
  readonly second: number;
}

// Fresh-process samples vary more than in-process runs: at least this many per contender.
const MIN_RUNS = 5;
const CHILD_TIMEOUT_MS = 120_000;
// The targets of issue 20: the first pool within 0.8 × Python fork's, a second within 15 ms.
const PYTHON_SHARE = 0.8;
const FALLBACK_FIRST_MS = 40;
const SECOND_MS = 15;

/** A sample from `startup_child.ts` run as `deno run -A startup_child.ts kind` in a fresh process. */
async function denoSample(kind: "multiproc" | "floor"): Promise<Sample> {
  const child = new URL("./startup_child.ts", import.meta.url).pathname;
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--quiet", child, kind],
    cwd: new URL("../../../", import.meta.url),
    stdin: "null",
    signal: AbortSignal.timeout(CHILD_TIMEOUT_MS),
  }).output();
  const text = new TextDecoder();
  if (!out.success) {
    const tail = text.decode(out.stderr).trim().split("\n").slice(-5).join("\n");
    throw new Error(`startup_child.ts ${kind} failed (code ${out.code}, ${out.signal}): ${tail}`);
  }
  return lastJsonLine(text.decode(out.stdout)) as Sample;
}

/** Start-up of multiproc's first and second pool beside the floor and Python fork, same run. */
export async function startup(p: Parameters): Promise<Section> {
  const samples = { multiproc: [] as Sample[], floor: [] as Sample[], python: [] as Sample[] };
  const take = (name: keyof typeof samples, run: () => Promise<Sample>) => async () => {
    const sample = await run();
    samples[name].push(sample);
    return sample.first;
  };
  const python = p.python;
  const contenders: Record<string, () => Promise<number>> = {
    multiproc: take("multiproc", () => denoSample("multiproc")),
    // The floor's children are Deno's load, not other processes': kept out of the load figure
    // as Python's are.
    floor: take("floor", () => notLoad(() => denoSample("floor"))),
    ...(python === null
      ? {}
      : { python: take("python", () => runPython<Sample>(python, "pool_start.py", [])) }),
  };
  const runs = Math.max(p.runs, MIN_RUNS);
  await interleave({ warmup: p.warmup, runs }, contenders);
  // interleave keeps warm-up runs out of its own figures; here the samples hold them first.
  const measured = (name: keyof typeof samples, field: keyof Sample): Stat =>
    summarize(samples[name].map((s) => s[field]).slice(-runs));
  const floorFirst = fig(
    "startup.floor_first",
    "floor: 2 bare Deno workers, first answer",
    measured("floor", "first"),
    { role: "floor" },
  );
  const pythonFirst = python === null ? null : fig(
    "startup.python_fork_first",
    "Python Pool(2), fork, first apply",
    measured("python", "first"),
    { role: "baseline" },
  );
  const firstTarget: Target = pythonFirst === null ? { kind: "max", value: FALLBACK_FIRST_MS } : {
    kind: "max",
    value: PYTHON_SHARE * pythonFirst.summary.median,
    source: `${PYTHON_SHARE} × Python fork's, this run`,
  };
  const floorSecond = fig(
    "startup.floor_second",
    "floor: 2 more bare workers, same process",
    measured("floor", "second"),
    { role: "floor" },
  );
  const pythonSecond = python === null ? null : fig(
    "startup.python_fork_second",
    "Python second Pool(2), same process",
    measured("python", "second"),
    { role: "baseline" },
  );
  return {
    title: `Start-up in a fresh process (${runs} processes per contender, taking turns): ` +
      "ms from just before the pool is made to its first result",
    figures: [
      ...(pythonFirst === null ? [] : [pythonFirst]),
      floorFirst,
      fig(
        "startup.first",
        "multiproc first Pool(2) of the process",
        measured("multiproc", "first"),
        {
          target: firstTarget,
          compare: [{ name: "python", figure: pythonFirst }, { name: "floor", figure: floorFirst }],
        },
      ),
      ...(pythonSecond === null ? [] : [pythonSecond]),
      floorSecond,
      fig(
        "startup.second",
        "multiproc second Pool(2), same process",
        measured("multiproc", "second"),
        {
          target: { kind: "max", value: SECOND_MS },
          compare: [{ name: "python", figure: pythonSecond }, {
            name: "floor",
            figure: floorSecond,
          }],
        },
      ),
    ],
    notes: [
      "each sample is a fresh `deno run` (bench/suites/pool/startup_child.ts) or python3 " +
      "(bench/python/pool_start.py); the import of the library is not timed, the pool is stopped " +
      "untimed, and the second pool starts 50 ms after the first one was stopped",
      "floor: the naive pool's 2 workers, which import work.ts as multiproc's do; Deno's " +
      "`new Worker` blocks the thread that calls it while it builds the worker's runtime, so " +
      "workers made by one thread start one after the other",
      ...(python === null ? [pythonMissingNote("start-up")] : []),
    ],
  };
}

/** A figure in ms with what `more` adds. */
function fig(
  id: string,
  label: string,
  summary: Stat,
  more: { target?: Target; compare?: { name: string; figure: Figure | null }[]; role?: string } =
    {},
): Figure {
  return figure({ id, label, unit: "ms", summary, ...more });
}
