/**
 * Section: what a program's first timer costs. Deno loads its timer machinery at a program's
 * first `setTimeout`, so the first waits longer than its delay; `Atomics.waitAsync` with a
 * timeout (the pool's own short timers, `lib/pool/_light_timer.ts`) is V8's. Each sample is a
 * fresh `deno` program (timer_child.ts), the two kinds taking turns, run after run.
 *
 * @module
 */
import { figure, type Section } from "../../harness/figure.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { TimeoutDelays } from "./timer_child.ts";

// A child that does not end by itself is killed here, and the run fails.
const DEADLINE_MS = 60_000;

/** Runs timer_child.ts in `mode`: what it printed, parsed. */
async function runChild(mode: "timeout" | "wait"): Promise<unknown> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL("./timer_child.ts", import.meta.url).href, mode],
    stdin: "null",
    stderr: "inherit",
    signal: AbortSignal.timeout(DEADLINE_MS),
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) throw new Error(`timer_child.ts ${mode} failed with code ${out.code}: ${text}`);
  return JSON.parse(text.split("\n").at(-1)!);
}

/** The first `setTimeout(…, 1)` of a fresh program, its second, and the first waitAsync. */
export async function timerSection(p: Parameters): Promise<Section> {
  const first: number[] = [], second: number[] = [], wait: number[] = [];
  for (let run = -p.warmup; run < p.runs; run++) {
    // Taking turns, so a drift in the machine's load falls on both kinds.
    const turns = [
      async () => {
        const delays = await runChild("timeout") as TimeoutDelays;
        if (run >= 0) first.push(delays.first), second.push(delays.second);
      },
      async () => {
        const delay = await runChild("wait") as number;
        if (run >= 0) wait.push(delay);
      },
    ];
    for (let turn = 0; turn < turns.length; turn++) {
      await turns[(run + p.warmup + turn) % turns.length]!();
    }
  }
  const later = figure({
    id: "timer.second_timeout",
    label: "its second setTimeout(…, 1)",
    unit: "ms",
    summary: summarize(second),
    role: "baseline",
  });
  const compare = [{ name: "second", figure: later }];
  return {
    title: "1. A program's first timer: from the call to its callback (ms)",
    figures: [
      figure({
        id: "timer.first_timeout",
        label: "a fresh program's first setTimeout(…, 1)",
        unit: "ms",
        summary: summarize(first),
        compare,
      }),
      later,
      figure({
        id: "timer.first_wait_async",
        label: "its first Atomics.waitAsync, 1 ms timeout",
        unit: "ms",
        summary: summarize(wait),
        compare,
      }),
    ],
    notes: [
      `${p.runs} runs after ${p.warmup} warm-up; each a fresh \`deno run\` program per kind, the ` +
      "kinds taking turns; the timer is the first thing the program does",
      "the ratios are the second setTimeout's delay over each figure's (below 1: slower)",
      "Deno loads its timer machinery at a program's first setTimeout; the pool's own short " +
      "timers use Atomics.waitAsync (lib/pool/_light_timer.ts)",
    ],
  };
}
