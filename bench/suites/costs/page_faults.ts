/**
 * Section: what a page's first write costs. A new large ArrayBuffer is fresh zeroed memory from
 * the kernel, and its first write to each page faults; a second write to the same page does
 * not. The first pass over a new buffer, one byte per 4 KiB page, against a second pass over the
 * same buffer, in the same run; on Linux the faults are counted (`/proc/self/stat`) to give the
 * time per fault.
 *
 * @module
 */
import { figure, formatInt, type Section } from "../../harness/figure.ts";
import { median, summarize } from "../../harness/stats.ts";
import type { Parameters } from "../../harness/suite.ts";
import { minorFaults } from "../../harness/faults.ts";

const PAGE = 4096;

/** Bytes of the buffer a run writes to: 64 MiB, 16 MiB quick. */
export function faultBytes(quick: boolean): number {
  return (quick ? 16 : 64) << 20;
}

/** Writes one byte in each page of `bytes`; returns the µs it took. */
function touchPages(bytes: Uint8Array, value: number): number {
  const began = performance.now();
  for (let i = 0; i < bytes.length; i += PAGE) bytes[i] = value;
  return (performance.now() - began) * 1000;
}

/** The kernel's transparent huge page mode ("always", "madvise", "never"), or null. */
function hugePages(): string | null {
  try {
    const text = Deno.readTextFileSync("/sys/kernel/mm/transparent_hugepage/enabled");
    return /\[(\w+)\]/.exec(text)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** µs per page of a first write to a new buffer and of a second write, and µs per fault. */
export function pageFaultSection(p: Parameters): Section {
  const size = faultBytes(p.quick);
  const pages = size / PAGE;
  const first: number[] = [], second: number[] = [], perFault: number[] = [], faults: number[] = [];
  for (let run = -p.warmup; run < p.runs; run++) {
    // A new buffer each run: its first pass faults, its second does not.
    const bytes = new Uint8Array(size);
    const before = minorFaults();
    const us = touchPages(bytes, 1);
    const after = minorFaults();
    const again = touchPages(bytes, 2);
    if (run < 0) continue;
    first.push(us / pages);
    second.push(again / pages);
    if (before !== null && after !== null && after > before) {
      faults.push((after - before) / pages);
      perFault.push(us / (after - before));
    }
  }
  const warm = figure({
    id: "fault.second_write",
    label: "second write to the same page",
    unit: "µs",
    summary: summarize(second),
    role: "baseline",
  });
  const figures = [
    figure({
      id: "fault.first_write",
      label: "first write to a page of a new buffer",
      unit: "µs",
      summary: summarize(first),
      extra: { faultsPerPage: faults },
    }),
    warm,
  ];
  if (perFault.length > 0) {
    figures.push(figure({
      id: "fault.per_fault",
      label: "one page fault (first pass ÷ faults counted)",
      unit: "µs",
      summary: summarize(perFault),
    }));
  }
  const huge = hugePages();
  return {
    title: "2. A page's first write: a new buffer's pages fault, once each (µs per page)",
    figures,
    notes: [
      `${p.runs} runs after ${p.warmup} warm-up; each: \`new Uint8Array(${formatInt(size)})\`, ` +
      `one byte written per 4 KiB page (${formatInt(pages)} pages), then the same again`,
      perFault.length > 0
        ? `faults counted per page, median: ${median(faults).toFixed(2)} (/proc/self/stat minflt)`
        : "faults not counted: /proc/self/stat is not readable here",
      `a first write costs ${(median(first) / median(second)).toFixed(0)}× a second (medians)`,
      `transparent huge pages: ${huge ?? "unknown"} (with huge pages a fault maps 2 MiB, so ` +
      "fewer, dearer faults)",
    ],
  };
}
