// A task in a sandboxed worker thread (permissions: "none") can call the worker's global
// postMessage. Forged or malformed messages must cost only that worker: no crash of the host,
// no result shifted onto another call, no queued call rejected. Runs in a child deno, since
// sandboxed threads need --unstable-worker-options.
import assert from "node:assert/strict";
import { parseOutcome } from "../_child.ts";
import { reportRow } from "../_report.ts";

const MOD = new URL("../../mod.ts", import.meta.url).href;
const OTHER_CALLS = 400;

interface Outcome {
  readonly exact: number;
  readonly wrong: string[];
  readonly rejected: string[];
  readonly forger: string;
  readonly after: number;
  /** Whether the forging worker (named by the forger's result) still ran calls afterwards. */
  readonly forgerWorkerLived: boolean;
}

/** Runs `forger` among OTHER_CALLS honest calls on a sandboxed 2-thread pool. */
async function forgeAmong(forger: string): Promise<{ outcome: Outcome; stderr: string }> {
  const source = `import { Pool } from "${MOD}";
    const pool = new Pool({ processes: 2, permissions: "none" });
    const honest = (i) => pool.apply((x) => x * 2, [i]);
    const before = Array.from({ length: ${OTHER_CALLS / 2} }, (_, i) => honest(i));
    const forged = pool.apply(${forger}).then((v) => "resolved " + JSON.stringify(v),
      (e) => "rejected " + e.name + ": " + e.message);
    const behind = Array.from({ length: ${OTHER_CALLS / 2} }, (_, i) => honest(i + ${
    OTHER_CALLS / 2
  }));
    const settled = await Promise.allSettled([...before, ...behind]);
    const wrong = [];
    const rejected = [];
    let exact = 0;
    settled.forEach((s, i) => {
      if (s.status === "rejected") rejected.push(String(s.reason));
      else if (s.value === i * 2) exact++;
      else wrong.push(i + " -> " + JSON.stringify(s.value));
    });
    const after = await pool.apply((x) => x + 1, [41]);
    const forger = await forged;
    const names = await Promise.all(Array.from({ length: 50 }, () => pool.apply(() => self.name)));
    const forgerWorkerLived = names.some((name) => forger.includes(JSON.stringify(name)));
    console.log("OUTCOME " + JSON.stringify({ exact, wrong, rejected, forger, after,
      forgerWorkerLived }));
    await pool.terminate();`;
  const file = await Deno.makeTempFile({ suffix: ".ts" });
  await Deno.writeTextFile(file, source);
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--no-prompt", "--unstable-worker-options", file],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(60_000),
  }).output();
  await Deno.remove(file);
  const stdout = new TextDecoder().decode(output.stdout);
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `the host process died: ${stderr}`);
  return { outcome: parseOutcome(stdout, stderr) as Outcome, stderr };
}

/**
 * No other call got a wrong value. Calls may reject only as units the forging worker held when
 * it was stopped (finished there, their results not yet sent back): with WorkerDiedError
 * naming the protocol violation.
 */
function assertOthersExact(outcome: Outcome): void {
  assert.deepEqual(outcome.wrong, [], "no other call got another's (or a forged) result");
  for (const reason of outcome.rejected) assert.match(reason, /WorkerDiedError: .*protocol/);
  assert.equal(outcome.exact + outcome.rejected.length, OTHER_CALLS);
  assert.equal(outcome.after, 42, "the pool still runs calls");
  assert.equal(outcome.forgerWorkerLived, false, "the forging worker was stopped");
}

Deno.test("a sandboxed task posting forged results on the global postMessage costs only its own worker", async () => {
  const { outcome } = await forgeAmong(`() => {
    postMessage({ type: "results", first: 0, skipped: 0, values: Array(50).fill("forged"),
      failures: null, busyMs: 0, shared: null });
    postMessage({ type: "results", values: Array(5000).fill(-1), failures: null, busyMs: 0,
      shared: null });
    return ["own", self.name];
  }`);
  assertOthersExact(outcome);
  assert.doesNotMatch(outcome.forger, /^resolved (?!\["own")/);
  if (outcome.forger.startsWith("rejected")) {
    assert.match(outcome.forger, /WorkerDiedError: .*broke the pool's protocol|protocol/);
  }
  await reportRow("inputs", "forged results from a sandboxed task", {
    injected: `a permissions: "none" task posts fake results (50 and 5,000 values) on the ` +
      `worker's global postMessage, among ${OTHER_CALLS} other calls`,
    outcome: `${outcome.exact}/${OTHER_CALLS} other calls exact, ${outcome.rejected.length} ` +
      `rejected; the forger's call: ${outcome.forger.slice(0, 60)}; host alive`,
  });
});

Deno.test("a sandboxed task posting garbage, or hunting for the private port, costs only its own worker", async () => {
  const { outcome } = await forgeAmong(`() => {
    let ports = 0;
    for (const key of Object.getOwnPropertyNames(globalThis)) {
      let value;
      try { value = globalThis[key]; } catch { continue; }
      if (value instanceof MessagePort) {
        ports++;
        value.postMessage({ type: "results", first: 0, skipped: 0, values: [1], failures: null,
          busyMs: 0, shared: null });
      }
    }
    postMessage("garbage");
    postMessage(null);
    postMessage({ type: "died", reason: "nonsense", failure: 7, exitCode: "x" });
    postMessage({ type: "init-error", failure: { thrown: 1, encoded: true } });
    return [ports, self.name];
  }`);
  assertOthersExact(outcome);
  assert.ok(
    /^resolved \[0,/.test(outcome.forger) || outcome.forger.startsWith("rejected"),
    `the task found no port to post on: ${outcome.forger}`,
  );
  await reportRow("inputs", "garbage messages from a sandboxed task", {
    injected: 'a permissions: "none" task posts a string, null, a bad died and a bad ' +
      "init-error on the global postMessage, and looks for a MessagePort among the globals",
    outcome: `${outcome.exact}/${OTHER_CALLS} other calls exact, ${outcome.rejected.length} ` +
      `rejected; the forger's call: ${outcome.forger.slice(0, 60)}; host alive`,
  });
});

Deno.test("a sandboxed task that posts a forgery and then never settles is stopped with a clear error", async () => {
  const { outcome } = await forgeAmong(`() => {
    postMessage({ type: "results", first: 0, skipped: 0, values: [self.name], failures: null,
      busyMs: 0, shared: null });
    return new Promise(() => {});
  }`);
  assertOthersExact(outcome);
  assert.match(outcome.forger, /^rejected WorkerDiedError: worker \S+ died while running/);
  assert.match(outcome.forger, /broke the pool's protocol|breaks the pool's protocol/);
  await reportRow("inputs", "forgery from a task that never settles", {
    injected: 'a permissions: "none" task posts fake results, then awaits forever, among ' +
      `${OTHER_CALLS} other calls`,
    outcome: `${outcome.exact}/${OTHER_CALLS} other calls exact; the forger's call: ` +
      `${outcome.forger.slice(0, 70)}; host alive`,
  });
});
