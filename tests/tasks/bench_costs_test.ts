/**
 * Tests of the figures the docs quote that come from the costs suite (a program's first timer, a
 * page fault) and from the Process suite's memory section (the warm spares' memory), run as
 * child `deno` programs the way `deno task bench:costs` and `bench:process` run them.
 */
import assert from "node:assert/strict";
import { parseOptions } from "../../bench/harness/cli.ts";
import type { Figure } from "../../bench/harness/figure.ts";
import type { MemorySample } from "../../bench/suites/process/memory_child.ts";

const ROOT = new URL("../../", import.meta.url);
const TIMEOUT_MS = 120_000;

/** Runs `deno run -A <script> ...args` in the repository; its exit code and output. */
async function run(script: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", script, ...args],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(TIMEOUT_MS),
  }).output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: output.code, out: decode(output.stdout) + decode(output.stderr) };
}

Deno.test("bench:costs --quick: the first timer and a page fault beside their same-run baselines", async () => {
  assert.equal(parseOptions(["costs", "--quick"]).runs, 2);
  assert.throws(() => parseOptions(["costs", "--only", "timer"]), /--only is a flag of shared/);
  const dir = await Deno.makeTempDir();
  try {
    const json = `${dir}/costs.json`;
    const result = await run("bench/main.ts", "costs", "--quick", "--runs", "1", "--json", json);
    assert.equal(result.code, 0, result.out);
    // The environment and load lines every suite prints.
    assert.match(result.out, /^Deno \d+\.\d+\.\d+/m);
    assert.match(result.out, /hardwareConcurrency \d+/);
    assert.match(result.out, /other processes' CPU use before start/);
    const written = JSON.parse(await Deno.readTextFile(json));
    assert.equal(written.benchmark, "bench:costs");
    const byId = new Map<string, Figure>(written.figures.map((f: Figure) => [f.id, f]));
    for (const id of ["timer.first_timeout", "timer.second_timeout", "timer.first_wait_async"]) {
      const samples = byId.get(id)?.summary.samples ?? [];
      assert.equal(samples.length, 1, id);
      assert.ok(samples[0]! >= 1, `${id}: a 1 ms timer cannot fire in ${samples[0]} ms`);
    }
    const first = byId.get("fault.first_write")!.summary.median;
    const second = byId.get("fault.second_write")!.summary.median;
    // A fault maps and zeroes a page; a write to a mapped page is one store.
    assert.ok(first > 2 * second, `first write ${first} µs, second ${second} µs`);
    if (Deno.build.os === "linux") assert.ok(byId.get("fault.per_fault")!.summary.median > 0);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bench:process's memory child: with its spares ready a program holds more memory than without", async () => {
  const sample = async (mode: string) => {
    const result = await run("bench/suites/process/memory_child.ts", mode, "50");
    assert.equal(result.code, 0, result.out);
    return JSON.parse(result.out.trim().split("\n").at(-1)!) as MemorySample;
  };
  const without = await sample("none");
  const withSpares = await sample("spares");
  assert.equal(without.spares, 0);
  assert.equal(withSpares.spares, 2);
  // Three more isolates (the spawner and two spares): far more than any noise in one program.
  assert.ok(withSpares.rss - without.rss > 10 * 2 ** 20, JSON.stringify({ without, withSpares }));
  const wrong = await run("bench/suites/process/memory_child.ts", "both", "50");
  assert.notEqual(wrong.code, 0);
  assert.match(wrong.out, /usage: memory_child\.ts none\|spares/);
});
