import assert from "node:assert/strict";
import { reportRow } from "../_report.ts";
import { startScript, waitGone } from "./_script.ts";

// A pool with one child process spinning synchronously forever: only a kill stops it.
const SPINNING_POOL = `import { Pool } from "MOD";
const pool = new Pool({ processes: 1, isolation: "process" });
const child = await pool.apply(() => Deno.pid);
void pool.apply(() => { for (;;) {} }).catch(() => {});
`;

for (const [signal, expected] of [["SIGTERM", 143], ["SIGHUP", 129], ["SIGINT", 130]] as const) {
  Deno.test(`${signal} to a program without its own handler stops its pool's children and exits with ${expected}`, async () => {
    const script = await startScript(`${SPINNING_POOL}
await new Promise((resolve) => setTimeout(resolve, 300));
console.log("READY", child);
await new Promise(() => setInterval(() => {}, 1000));
`);
    const [grandchild] = script.ready;
    Deno.kill(script.pid, signal);
    const ended = await script.finish(20_000);
    const goneAfter = await waitGone(grandchild!, 5_000);
    assert.equal(ended.code, expected, `exit code (signal ${ended.signal})`);
    assert.notEqual(goneAfter, null, `child process ${grandchild} is still running`);
    await reportRow("faults", `${signal} to a program using a process pool`, {
      injected: `${signal} to a script whose pool child spins synchronously`,
      outcome: `exit code ${ended.code}; the child was gone ${goneAfter} ms after the exit`,
    });
  });
}

for (const how of ["Deno.addSignalListener", "node process.on"] as const) {
  Deno.test(`a program's own SIGINT/SIGTERM handler (${how}) runs to completion after the pool's children are stopped`, async () => {
    const listen = how === "Deno.addSignalListener"
      ? `(signal, fn) => Deno.addSignalListener(signal, fn)`
      : `(signal, fn) => process.on(signal, fn)`;
    const script = await startScript(`import process from "node:process";
${SPINNING_POOL}
const listen = ${listen};
for (const signal of ["SIGINT", "SIGTERM"]) {
  listen(signal, async () => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    console.log("handler finished for " + signal);
    Deno.exit(7);
  });
}
await new Promise((resolve) => setTimeout(resolve, 300));
console.log("READY", child);
await new Promise(() => setInterval(() => {}, 1000));
`);
    const [grandchild] = script.ready;
    Deno.kill(script.pid, "SIGINT");
    const ended = await script.finish(20_000);
    const goneAfter = await waitGone(grandchild!, 5_000);
    assert.equal(ended.code, 7, `the program's handler decides the exit code: ${ended.out}`);
    assert.match(ended.out, /handler finished for SIGINT/);
    assert.notEqual(goneAfter, null, `child process ${grandchild} is still running`);
    await reportRow("faults", `SIGINT to a program with its own handler (${how})`, {
      injected: "SIGINT to a script with its own async SIGINT handler and a spinning pool child",
      outcome: `exit code ${ended.code} (the handler's); handler output ${
        ended.out.includes("handler finished") ? "printed" : "missing"
      }; child gone ${goneAfter} ms after`,
    });
  });
}

Deno.test("a pool child whose parent is killed by SIGKILL ends itself, even inside a synchronous loop", async () => {
  const script = await startScript(`${SPINNING_POOL}
await new Promise((resolve) => setTimeout(resolve, 300));
console.log("READY", child);
await new Promise(() => setInterval(() => {}, 1000));
`);
  const [grandchild] = script.ready;
  Deno.kill(script.pid, "SIGKILL");
  await script.finish(20_000);
  const goneAfter = await waitGone(grandchild!, 10_000);
  if (goneAfter === null) Deno.kill(grandchild!, "SIGKILL");
  assert.notEqual(goneAfter, null, `orphaned child ${grandchild} still ran after 10 s`);
  await reportRow("faults", "parent SIGKILLed while its pool child spins", {
    injected: "SIGKILL to a script whose process-pool child runs for (;;) {}",
    outcome: `the orphaned child ended ${goneAfter} ms after its parent`,
  });
});
