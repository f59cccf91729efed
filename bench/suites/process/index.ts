/**
 * Process start → join (`deno task bench:process`): a trivial target, the program's first
 * Process, then with a warm spare ready, then back to back, then Processes started inside a
 * Process and inside a pool worker's task; beside Python's fork start method and a bare Worker,
 * each contender a fresh program (child.ts, bench/python/process_start.py), taking turns, run
 * after run; then the memory the warm spares hold (memory.ts).
 *
 * @module
 */
import { type Figure, figure, type Section } from "../../harness/figure.ts";
import { pythonMissingNote, runPython } from "../../harness/python.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters, Suite } from "../../harness/suite.ts";
import type { OursSamples } from "./child.ts";
import { spareMemorySection } from "./memory.ts";

const SEED = 20;
/** The target: start → join with a spare ready at most half of Python fork's. */
const TARGET_OF_PYTHON = 0.5;
// A child that does not end by itself is killed here, and the run fails.
const DEADLINE_MS = 180_000;

type Samples = {
  [K in keyof Required<OursSamples>]: number[];
};
type Kind = keyof Samples;
// Python's pool workers are daemonic and may not start Processes: it has no pool figures.
const PYTHON_KINDS: readonly Kind[] = ["first", "ready", "backToBack", "nestedFirst", "nested"];
const KINDS: readonly Kind[] = [...PYTHON_KINDS, "poolFirst", "pool"];
const LABELS: Record<Kind, string> = {
  first: "the program's first Process",
  ready: "after a pause (spare ready)",
  backToBack: "back to back",
  nestedFirst: "nested, the first (spare ready)",
  nested: "nested, after a pause (spare ready)",
  poolFirst: "in a pool task, its first",
  pool: "in a pool task, after a pause",
};
// Compared with the top-level figure of this run, and at most it.
const AGAINST_TOP_LEVEL: readonly Kind[] = ["nested", "pool"];

/** Counts and pause of one run. */
function sizes(quick: boolean): { count: number; pauseMs: number } {
  return quick ? { count: 3, pauseMs: 150 } : { count: 8, pauseMs: 200 };
}

async function runChild(mode: "ours" | "bare", count: number, pauseMs: number): Promise<unknown> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./child.ts", import.meta.url).href,
      mode,
      `${count}`,
      `${pauseMs}`,
    ],
    stdin: "null",
    stderr: "inherit",
    signal: AbortSignal.timeout(DEADLINE_MS),
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) throw new Error(`child.ts ${mode} failed with code ${out.code}: ${text}`);
  return JSON.parse(text.split("\n").at(-1)!);
}

function empty(): Samples {
  return {
    first: [],
    ready: [],
    backToBack: [],
    nestedFirst: [],
    nested: [],
    poolFirst: [],
    pool: [],
  };
}

function add(into: Samples, run: OursSamples): void {
  into.first.push(run.first);
  into.nestedFirst.push(run.nestedFirst);
  into.ready.push(...run.ready);
  into.backToBack.push(...run.backToBack);
  into.nested.push(...run.nested);
  if (run.poolFirst !== undefined) into.poolFirst.push(run.poolFirst);
  into.pool.push(...run.pool ?? []);
}

async function measure(p: Parameters): Promise<Section> {
  const { count, pauseMs } = sizes(p.quick);
  const ours = empty();
  const python = p.python === null ? null : empty();
  const bare: number[] = [];
  for (let run = 0; run < p.runs; run++) {
    // Taking turns, so a drift in the machine's load falls on every contender.
    const turns = [
      async () => add(ours, await runChild("ours", count, pauseMs) as OursSamples),
      async () => bare.push(...await runChild("bare", count, pauseMs) as number[]),
      async () => {
        if (p.python === null || python === null) return;
        const flags = ["--count", `${count}`, "--pause", `${pauseMs}`];
        add(python, await runPython<OursSamples>(p.python, "process_start.py", flags));
      },
    ];
    for (let turn = 0; turn < turns.length; turn++) await turns[(run + turn) % turns.length]!();
  }
  const floor = figure({
    id: "bare-worker",
    label: "a bare Worker: new → first reply → terminate",
    unit: "ms",
    summary: summarize(bare),
    role: "floor",
  });
  const pythonFigures = new Map<Kind, Figure>();
  if (python !== null) {
    for (const kind of PYTHON_KINDS) {
      pythonFigures.set(
        kind,
        figure({
          id: `python-${kind}`,
          label: `Python fork: ${LABELS[kind].replace(" (spare ready)", "")}`,
          unit: "ms",
          summary: summarize(python[kind]),
          role: "baseline",
        }),
      );
    }
  }
  const oursFigures = new Map<Kind, Figure>();
  for (const kind of KINDS) {
    const peer = pythonFigures.get(kind) ?? null;
    const compare = [{ name: "python", figure: peer }, { name: "bare Worker", figure: floor }];
    const topLevel = AGAINST_TOP_LEVEL.includes(kind) ? oursFigures.get("ready")! : null;
    oursFigures.set(
      kind,
      figure({
        id: `ours-${kind}`,
        label: `multiproc: ${LABELS[kind]}`,
        unit: "ms",
        summary: summarize(ours[kind]),
        compare: topLevel === null
          ? compare
          : [...compare, { name: "top level", figure: topLevel }],
        target: kind === "ready" && peer !== null
          ? { kind: "max", value: peer.summary.median * TARGET_OF_PYTHON, source: "0.5× Python" }
          : topLevel !== null
          ? { kind: "max", value: topLevel!.summary.median, source: "top level, this run" }
          : null,
      }),
    );
  }
  const notes = [
    `${p.runs} runs; each: the first Process, ${count} after a ${pauseMs} ms pause, ` +
    `${count} back to back, then inside one Process its first and ${count} after ` +
    `${2 * pauseMs} ms pauses, then the same inside a pool worker's task`,
    "targets: a spare ready ≤ 0.5× Python fork; nested and in a pool task ≤ top level " +
    "(medians, this run)",
    "back to back, each Process waits for a worker to be built: the bare Worker is its floor",
    "the target is self-contained (() => 1); one exported from a module adds that module's import",
  ];
  if (python === null) notes.push(pythonMissingNote("fork start → join"));
  return {
    title: "1. Process start → join, a trivial target (thread)",
    figures: [...pythonFigures.values(), floor, ...oursFigures.values()],
    notes,
  };
}

/** The Process suite. */
export const processSuite: Suite = {
  name: "bench:process",
  title: "Process start-up benchmark",
  seed: SEED,
  python: true,
  intro: (p: Parameters) => {
    const { count, pauseMs } = sizes(p.quick);
    return [`${p.runs} runs · ${count} Processes per figure per run · pauses of ${pauseMs} ms`];
  },
  sizes,
  async *sections(p: Parameters) {
    yield await measure(p);
    yield await spareMemorySection(p);
  },
};
