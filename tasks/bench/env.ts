/**
 * The environment a benchmark ran in, recorded next to its figures.
 *
 * @module
 */

/** Versions, OS and hardware of the running process. */
export interface Environment {
  readonly deno: string;
  readonly v8: string;
  readonly typescript: string;
  readonly os: string;
  readonly arch: string;
  readonly target: string;
  readonly osRelease: string | null;
  readonly cpuModel: string | null;
  readonly hardwareConcurrency: number;
  readonly memoryGiB: number | null;
  readonly gitCommit: string | null;
  readonly date: string;
  /** 1, 5 and 15 minute load averages when the benchmark started: other work skews figures. */
  readonly loadAverage: readonly number[] | null;
}

/** The CPU model from /proc/cpuinfo (Linux), or null where it cannot be read. */
export function cpuModel(): string | null {
  try {
    const text = Deno.readTextFileSync("/proc/cpuinfo");
    const line = text.split("\n").find((l) => /^(model name|Hardware|cpu model)\s*:/.test(l));
    return line === undefined ? null : line.slice(line.indexOf(":") + 1).trim();
  } catch {
    return null;
  }
}

function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

function gitCommit(): string | null {
  return attempt(() => {
    const out = new Deno.Command("git", { args: ["rev-parse", "--short", "HEAD"], stderr: "null" })
      .outputSync();
    return out.success ? new TextDecoder().decode(out.stdout).trim() : null;
  });
}

/** CPU time counters of the machine and of this process, in clock ticks (Linux). */
export interface CpuSnapshot {
  /** All cores' time, busy or idle. */
  readonly total: number;
  /** All cores' idle time (idle + iowait). */
  readonly idle: number;
  /** Time this process (every thread, so every worker) has used. */
  readonly self: number;
}

/** Reads /proc/stat and /proc/self/stat, or null where they cannot be read. */
export function cpuSnapshot(): CpuSnapshot | null {
  return attempt(() => {
    const line = Deno.readTextFileSync("/proc/stat").split("\n")[0]!;
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
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

/** Shares of all cores' time between two snapshots: busy overall, and busy in other processes. */
export function cpuShares(
  before: CpuSnapshot | null,
  after: CpuSnapshot | null,
): { busy: number; others: number } | null {
  if (before === null || after === null || after.total <= before.total) return null;
  const total = after.total - before.total;
  const busy = 1 - (after.idle - before.idle) / total;
  const self = (after.self - before.self) / total;
  return { busy, others: Math.max(0, busy - self) };
}

/** Share of all cores' time used by other processes over the next `ms`, or null off Linux. */
export async function othersBusy(ms = 300): Promise<number | null> {
  const before = cpuSnapshot();
  await new Promise((resolve) => setTimeout(resolve, ms));
  return cpuShares(before, cpuSnapshot())?.others ?? null;
}

/** Describes the running process and machine. */
export function environment(): Environment {
  const memory = attempt(() => Deno.systemMemoryInfo().total);
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    target: Deno.build.target,
    osRelease: attempt(() => Deno.osRelease()),
    cpuModel: cpuModel(),
    hardwareConcurrency: navigator.hardwareConcurrency,
    memoryGiB: memory === null ? null : Math.round(memory / 2 ** 30 * 10) / 10,
    gitCommit: gitCommit(),
    date: new Date().toISOString(),
    loadAverage: attempt(() => Deno.loadavg()),
  };
}

/** One line per field, for a report's header. */
export function formatEnvironment(env: Environment): string {
  return [
    `Deno ${env.deno} · V8 ${env.v8} · TypeScript ${env.typescript}`,
    `${env.os} ${env.osRelease ?? ""} ${env.arch} (${env.target})`.replace(/\s+/g, " "),
    `CPU ${env.cpuModel ?? "unknown"} · hardwareConcurrency ${env.hardwareConcurrency}` +
    (env.memoryGiB === null ? "" : ` · ${env.memoryGiB} GiB RAM`),
    `commit ${env.gitCommit ?? "unknown"} · ${env.date} · load average ${
      env.loadAverage?.map((x) => x.toFixed(2)).join(" ") ?? "unknown"
    }`,
  ].join("\n");
}
