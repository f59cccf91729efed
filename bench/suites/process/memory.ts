/**
 * Section: the memory the warm spares hold. A program that ran one Process (so the spawner and
 * its spares were started, and are ready) against one that only imported the library, each a
 * fresh program (memory_child.ts), taking turns, run after run; the figure is their difference
 * in resident memory.
 *
 * @module
 */
import { figure, type Section } from "../../harness/figure.ts";
import { summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { EXPECTED_SPARES, type MemorySample } from "./memory_child.ts";

const MIB = 1 << 20;
// A child that does not end by itself is killed here, and the run fails.
const DEADLINE_MS = 120_000;

/** How long each child waits before it reads its memory: the same for both. */
function settleMs(quick: boolean): number {
  return quick ? 200 : 500;
}

async function runChild(mode: "none" | "spares", settle: number): Promise<MemorySample> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      new URL("./memory_child.ts", import.meta.url).href,
      mode,
      `${settle}`,
    ],
    stdin: "null",
    stderr: "inherit",
    signal: AbortSignal.timeout(DEADLINE_MS),
  }).output();
  const text = new TextDecoder().decode(out.stdout).trim();
  if (!out.success) {
    throw new Error(`memory_child.ts ${mode} failed with code ${out.code}: ${text}`);
  }
  return JSON.parse(text.split("\n").at(-1)!) as MemorySample;
}

/** Resident memory with the spawner and its spares ready, without, and the difference. */
export async function spareMemorySection(p: Parameters): Promise<Section> {
  const settle = settleMs(p.quick);
  const none: number[] = [], spares: number[] = [], held: number[] = [];
  for (let run = 0; run < p.runs; run++) {
    // Taking turns, so a drift in the machine's state falls on both.
    const first = run % 2 === 0 ? "none" : "spares";
    const a = await runChild(first, settle);
    const b = await runChild(first === "none" ? "spares" : "none", settle);
    const [without, withSpares] = first === "none" ? [a, b] : [b, a];
    none.push(without.rss / MIB);
    spares.push(withSpares.rss / MIB);
    held.push((withSpares.rss - without.rss) / MIB);
  }
  const mib = (id: string, label: string, samples: number[], role?: string) =>
    figure({ id, label, unit: "MiB", summary: summarize(samples), ...role ? { role } : {} });
  return {
    title: "2. Memory of the warm spares (MiB resident)",
    figures: [
      mib("memory-none", "the library imported, no Process yet", none, "baseline"),
      mib("memory-spares", `one Process run, its ${EXPECTED_SPARES} spares ready`, spares),
      mib("memory-held", "held by the spawner and spares (difference)", held),
    ],
    notes: [
      `${p.runs} runs; each: two fresh programs, taking turns, that read their resident memory ` +
      `(Deno.memoryUsage().rss) ${settle} ms after importing mod.ts, or after one Process ` +
      "ended and the spares were ready",
      "the difference is per run (same run, consecutive programs); it includes what the ended " +
      "Process's worker left behind",
    ],
  };
}
