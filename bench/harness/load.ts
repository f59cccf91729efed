/**
 * Other processes' share of the cores, to tell whether figures can be trusted: from /proc/stat
 * (all cores) and /proc/self/stat (this process and its workers), on Linux. Runs that belong to
 * the benchmark but not to this process (the Python counterparts) are left out by `notLoad`.
 * @module
 */
import { attempt } from "./env.ts";

/** CPU time counters in clock ticks: all cores (busy or idle), their idle time, this process. */
export interface CpuTicks {
  readonly total: number;
  readonly idle: number;
  readonly self: number;
}

function cpuTicks(): CpuTicks | null {
  return attempt(() => {
    const all = Deno.readTextFileSync("/proc/stat").split("\n")[0]!.trim().split(/\s+/).slice(1)
      .map(Number);
    // After the command name (in parentheses), utime and stime are fields 14 and 15.
    const own = Deno.readTextFileSync("/proc/self/stat");
    const rest = own.slice(own.lastIndexOf(")") + 2).split(" ").map(Number);
    const total = all.reduce((a, b) => a + b, 0);
    return { total, idle: all[3]! + (all[4] ?? 0), self: rest[11]! + rest[12]! };
  });
}

function minus(a: CpuTicks, b: CpuTicks): CpuTicks {
  return { total: a.total - b.total, idle: a.idle - b.idle, self: a.self - b.self };
}

/** Other processes' share of all cores between two readings (busy less this process), or null. */
export function othersShare(before: CpuTicks | null, after: CpuTicks | null): number | null {
  if (before === null || after === null || after.total <= before.total) return null;
  const d = minus(after, before);
  return Math.max(0, 1 - d.idle / d.total - d.self / d.total);
}

/** Other processes' share of all cores over the next `ms` milliseconds. */
export async function othersBusy(ms = 300): Promise<number | null> {
  const before = cpuTicks();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return othersShare(before, cpuTicks());
}

/** The ticks of every `notLoad` run so far. */
let excluded: CpuTicks = { total: 0, idle: 0, self: 0 };

/** Runs `fn`, whose CPU time (a Python run, say) is not load on the Deno figures. */
export async function notLoad<T>(fn: () => Promise<T>): Promise<T> {
  const before = cpuTicks();
  try {
    return await fn();
  } finally {
    const after = cpuTicks();
    // excluded + (after - before)
    if (before !== null && after !== null) excluded = minus(excluded, minus(before, after));
  }
}

/** Starts measuring: the function returned gives other processes' share since, `notLoad` left out. */
export function loadMeter(): () => number | null {
  const start = cpuTicks();
  const excludedAtStart = excluded;
  return () => {
    const now = cpuTicks();
    return now === null ? null : othersShare(start, minus(now, minus(excluded, excludedAtStart)));
  };
}
