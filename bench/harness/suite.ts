/**
 * A suite of figures (pool, shared, math, idle) and the loop that runs one: header, environment
 * and load, each section printed as it comes, load and targets after, and the JSON file.
 * @module
 */
import type { Options } from "./cli.ts";
import { environment, formatEnvironment } from "./env.ts";
import { formatSection, type Section, targetsLine } from "./figure.ts";
import { writeJson } from "./json.ts";
import { loadMeter, othersBusy } from "./load.ts";
import { loadLine, percent } from "./print.ts";
import { findPython, type Python } from "./python.ts";
import type { RunOptions } from "./stats.ts";

/** The parameters every suite's run is given. */
export interface Parameters extends RunOptions {
  readonly quick: boolean;
  readonly seed: number;
  /** python3, when the suite has Python baselines and one was found. */
  readonly python: Python | null;
  /** Names of the sections to run, or null for all. */
  readonly only: readonly string[] | null;
}

/** A suite: what it prints first, and its sections, each yielded once measured. */
export interface Suite {
  /** The name of its task, `bench:pool`. */
  readonly name: string;
  /** "pool benchmark", after "multiproc". */
  readonly title: string;
  readonly seed: number;
  /** Whether it looks for python3 for its baselines. */
  readonly python: boolean;
  /** Names `--only` takes, when it takes any. */
  readonly sectionNames?: readonly string[];
  /** Qualifies the load line, e.g. " (the two server programs run side by side)". */
  readonly loadAside?: string;
  /** Why the suite cannot run here (a program it needs is missing, with what to do), or null. */
  unavailable?(): string | null;
  /** Lines printed after the environment: seeds, sizes, runs. */
  intro(p: Parameters): string[];
  /** The suite's sizes, written to the JSON file with the parameters. */
  sizes(quick: boolean): object;
  /** Measures each section in turn; a string is a line to print between them. */
  sections(p: Parameters): AsyncIterable<Section | string>;
  /** The sections as one markdown table (`--markdown FILE`), `run` naming the run. */
  markdown?(sections: readonly Section[], run: string): string;
}

/** Throws a RangeError unless `only` names sections of `suite` (or is null). */
export function checkOnly(suite: Suite, only: readonly string[] | null): void {
  const known = suite.sectionNames ?? [];
  if (only !== null && (only.length === 0 || only.some((name) => !known.includes(name)))) {
    throw new RangeError(`--only expects a comma-separated list of ${known.join(", ")}`);
  }
}

/**
 * Runs `suite`, printing as it goes; writes the JSON file when asked. Returns the exit code: 0,
 * or 1 (having said why) when the suite cannot run here.
 */
export async function runSuite(
  suite: Suite,
  options: Pick<Options, "runs" | "quick" | "only" | "json"> & { markdown?: string | null },
): Promise<number> {
  const unavailable = suite.unavailable?.() ?? null;
  if (unavailable !== null) {
    console.error(`${suite.name}: ${unavailable}`);
    return 1;
  }
  const env = environment();
  const python = suite.python ? await findPython() : null;
  const p: Parameters = { ...options, warmup: 1, seed: suite.seed, python };
  console.log(`multiproc ${suite.title}${p.quick ? " (--quick)" : ""}\n${formatEnvironment(env)}`);
  for (const line of suite.intro(p)) console.log(line);
  const othersBefore = await othersBusy();
  console.log(`other processes' CPU use before start: ${percent(othersBefore)} of all cores`);
  const during = loadMeter();
  const sections: Section[] = [];
  for await (const item of suite.sections(p)) {
    if (typeof item !== "string") sections.push(item);
    console.log(typeof item === "string" ? item : formatSection(item));
  }
  const othersDuring = during();
  console.log(loadLine(othersDuring, suite.loadAside ?? ""));
  const figures = sections.flatMap((s) => s.figures);
  if (figures.some((f) => f.target !== null)) console.log(targetsLine(figures));
  const markdown = options.markdown ?? null;
  if (markdown !== null && suite.markdown !== undefined) {
    const run = `\`deno task ${suite.name}${p.quick ? " --quick" : ""}\`, Deno ${env.deno}, ` +
      `${env.hardwareConcurrency} cores, ${env.date.slice(0, 10)}.`;
    await Deno.writeTextFile(markdown, suite.markdown(sections, run));
    console.log(`Markdown table written to ${markdown}`);
  }
  if (options.json === null) return 0;
  await writeJson(options.json, {
    benchmark: suite.name,
    parameters: { ...p, sizes: suite.sizes(p.quick) },
    environment: env,
    load: { othersCpuBeforeStart: othersBefore, othersCpuDuringRun: othersDuring },
    ratio: "speed-up over the figure compared with, from medians: rate / its rate, or " +
      "its time / time (above 1: faster)",
    sections: sections.map((s) => ({ title: s.title, notes: s.notes })),
    figures,
  });
  console.log(`JSON written to ${options.json}`);
  return 0;
}
