import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { readText } from "../fixtures/reliability_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/reliability_tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;

async function dataDir(): Promise<{ dir: string; allowed: string; forbidden: string }> {
  const dir = await Deno.makeTempDir();
  const other = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/allowed.txt`, "inside");
  await Deno.writeTextFile(`${other}/forbidden.txt`, "outside");
  return { dir, allowed: `${dir}/allowed.txt`, forbidden: `${other}/forbidden.txt` };
}

Deno.test("permissions with isolation process: a task that oversteps fails its own call with Deno's error; the pool goes on", async () => {
  const { dir, allowed, forbidden } = await dataDir();
  {
    await using pool = new Pool({
      processes: 1,
      module: TASKS,
      isolation: "process",
      permissions: { read: [dir] },
    });
    assert.equal(await pool.apply(readText, [allowed]), "inside");
    await assert.rejects(pool.apply(readText, [forbidden]), (error: Error) => {
      assert.equal(error.name, "NotCapable");
      assert.match(error.message, /read access/);
      return true;
    });
    assert.equal(await pool.apply(readText, [allowed]), "inside");
  }
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(forbidden.replace(/\/forbidden.txt$/, ""), { recursive: true });
});

Deno.test("permissions on threads without --unstable-worker-options: a clear error instead of an exit", () => {
  assert.throws(() => new Pool({ processes: 1, permissions: "none" }), (error: Error) => {
    assert.match(error.message, /--unstable-worker-options/);
    assert.match(error.message, /isolation: "process"/);
    return true;
  });
});

Deno.test("permissions on threads with --unstable-worker-options: the worker is sandboxed, the pool goes on", async () => {
  const { dir, allowed, forbidden } = await dataDir();
  const script = `import { Pool } from "${MOD}";
    import { readText } from "${TASKS}";
    const pool = new Pool({ processes: 1, module: "${TASKS}", permissions: { read: ["${dir}"] } });
    console.log("allowed", await pool.apply(readText, ["${allowed}"]));
    console.log("forbidden", await pool.apply(readText, ["${forbidden}"]).catch((e) => e.name));
    console.log("again", await pool.apply(readText, ["${allowed}"]));
    await pool.terminate();`;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, script);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-prompt", "--unstable-worker-options", file],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  }).output();
  const stdout = new TextDecoder().decode(output.stdout);
  await Deno.remove(file);
  await Deno.remove(dir, { recursive: true });
  await Deno.remove(forbidden.replace(/\/forbidden.txt$/, ""), { recursive: true });
  assert.equal(output.code, 0, new TextDecoder().decode(output.stderr));
  assert.match(stdout, /allowed inside\nforbidden NotCapable\nagain inside/);
  await reportRow("inputs", "task reading outside its permissions", {
    injected: "permissions { read: [one directory] }, threads and processes",
    outcome: "that call failed with NotCapable; the next call ran; without " +
      "--unstable-worker-options, threads get a clear error instead of an exit",
  });
  void readText;
});
