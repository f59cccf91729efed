/**
 * The environment a benchmark ran in, recorded next to its figures.
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

/** `fn()`, or null where it throws (a file /proc does not have, a missing git). */
export function attempt<T>(fn: () => T): T | null {
  try {
    return fn();
  } catch {
    return null;
  }
}

/** Describes the running process and machine. */
export function environment(): Environment {
  const cpuinfo = attempt(() => Deno.readTextFileSync("/proc/cpuinfo")) ?? "";
  const cpuModel = /^(?:model name|Hardware|cpu model)\s*:(.*)$/m.exec(cpuinfo)?.[1]?.trim();
  const git = attempt(() =>
    new Deno.Command("git", { args: ["rev-parse", "--short", "HEAD"], stderr: "null" }).outputSync()
  );
  const memory = attempt(() => Deno.systemMemoryInfo().total);
  return {
    deno: Deno.version.deno,
    v8: Deno.version.v8,
    typescript: Deno.version.typescript,
    os: Deno.build.os,
    arch: Deno.build.arch,
    target: Deno.build.target,
    osRelease: attempt(() => Deno.osRelease()),
    cpuModel: cpuModel ?? null,
    hardwareConcurrency: navigator.hardwareConcurrency,
    memoryGiB: memory === null ? null : Math.round(memory / 2 ** 30 * 10) / 10,
    gitCommit: git?.success ? new TextDecoder().decode(git.stdout).trim() : null,
    date: new Date().toISOString(),
    loadAverage: attempt(() => Deno.loadavg()),
  };
}

/** Four lines for a report's header. */
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
