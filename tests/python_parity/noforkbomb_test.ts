// CPython's TestNoForkBomb.test_noforkbomb (Lib/test/_test_multiprocessing.py), which runs
// Lib/test/mp_fork_bomb.py: a script without `if __name__ == "__main__"` that starts a Process
// at its top level. Under the spawn start method the child re-imports the script, so the script
// must fail (non-zero exit, nothing on stdout, RuntimeError on stderr) instead of starting
// processes without end. Our workers import the script given as `module: import.meta.url` just
// as spawn does; the error explains `if (import.meta.main)`. Runs in a child deno with a timeout.
import assert from "node:assert/strict";
import { runChild } from "../_child.ts";

const LIB = new URL("../../mod.ts", import.meta.url).href;

/** mp_fork_bomb.py, translated: no main guard around start() and join(). */
function forkBombScript(isolation: "thread" | "process"): string {
  return `import { Process } from "${LIB}";
    export function foo() {
      console.log("123");
    }
    const p = new Process({ target: foo, module: import.meta.url, isolation: "${isolation}" });
    p.start();
    await p.join();
    Deno.exit(p.exitCode);
`;
}

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`TestNoForkBomb.test_noforkbomb[${isolation}]: a script without its main guard that starts a Process exits with an error explaining if (import.meta.main), and the target never runs`, async () => {
    const started = performance.now();
    const child = await runChild(forkBombScript(isolation), { timeoutMs: 30_000 });
    const ms = performance.now() - started;
    assert.notEqual(child.code, null, `the script did not end within 30 s (${Math.round(ms)} ms)`);
    // assert_python_failure: a non-zero exit code.
    assert.notEqual(child.code, 0);
    // out == b"": foo() never ran, in the parent or in a worker.
    assert.equal(child.stdout, "");
    // b"RuntimeError" in err: here, the error that names the guard.
    assert.match(child.stderr, /Process\.start\(\) \(of Process-\d+\) was called while a worker/);
    assert.match(child.stderr, /if \(import\.meta\.main\)/);
  });
}
