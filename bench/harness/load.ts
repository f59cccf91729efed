/**
 * Other processes' share of the cores, to tell whether figures can be trusted: read from
 * /proc/stat (all cores) and /proc/self/stat (this process and its workers), on Linux. Time
 * spent in runs that are part of the benchmark but not of this process (the Python
 * counterparts) is left out with {@linkcode notLoad}.
 *
 * @module
 */
import { attempt } from "./env.ts";

/** CPU time counters in clock ticks: all cores (busy or idle), their idle time, this process. */
export interface CpuTicks {
  readonly total: number;
  readonly idle: number;
  readonly self: number;
}

/** Reads /proc/stat and /proc/self/stat, or null where they cannot be read. */
export function cpuTicks(): CpuTicks | null {
  return attempt(() => {
    const fields = Deno.readTextFileSync("/proc/stat").split("\n")[0]!.trim().split(/\s+/)
      .slice(1).map(Number);
    // After the command name (in parentheses), utime and stime are fields 14 and 15.
    const own = Deno.readTextFileSync("/proc/self/stat");
    const rest = own.slice(own.lastIndexOf(")") + 2).split(" ").map(Number);
    return {
      idle: fields[3]! + (fields[4] ?? 0),
      total: fields.reduce((a, b) => a + b, 0),
      self: rest[11]! + rest[12]!,
    };
  });
}

function minus(a: CpuTicks, b: CpuTicks): CpuTicks {
  return { total: a.total - b.total, idle: a.idle - b.idle, self: a.self - b.self };
}

/**
 * Other processes' share of all cores' time between two readings (busy minus this process's
 * share), or null when unknown.
 *
 * @example
 * ```ts
 * import { othersShare } from "./load.ts";
 * const share = othersShare({ total: 0, idle: 0, self: 0 }, { total: 100, idle: 50, self: 30 });
 * if (share !== 0.2) throw new Error(`${share}`);
 * ```
 */
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
