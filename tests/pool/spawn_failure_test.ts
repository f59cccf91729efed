// Starting a replacement worker can fail after the pool exists (out of file handles, a
// permission revoked). The waiting units must reject with why, the process must live, and a
// later call must try again. Runs the real Dispatcher and ThreadExecutor in a child deno, since
// before the fix the failure escaped a worker's event handler and ended the process.
import assert from "node:assert/strict";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const LIB = new URL("../../lib/", import.meta.url).href;
const QUEUED = 20;

Deno.test("a replacement worker that cannot be started rejects the waiting units with why; a later call starts one", async () => {
  const source = `import { Dispatcher } from "${LIB}pool/dispatcher.ts";
    import { ThreadExecutor } from "${LIB}worker/thread_executor.ts";
    import { taskRef } from "${LIB}worker/task_ref.ts";
    let failing = false;
    let attempts = 0;
    const dispatcher = new Dispatcher({
      processes: 1, name: "Spawny", module: null, initargs: [], maxTasksPerChild: null,
      idleTimeout: Infinity, cancelGrace: 1000, maxQueue: Infinity,
      spawn: (spec, listener) => {
        attempts++;
        if (failing) throw new Error("EMFILE: too many open files");
        return new ThreadExecutor(spec, listener);
      },
    });
    dispatcher.start(null);
    const outcomes = [];
    function submit(task, args) {
      return new Promise((resolve) => {
        const owner = {
          settled: false, retries: 0, awaitingStart: false, noteSent() {},
          resolveUnit(_i, value) { owner.settled = true; resolve({ value }); },
          rejectUnit(_i, error) {
            owner.settled = true;
            resolve({ error: error.message, cause: String(error.cause?.message) });
          },
        };
        dispatcher.submit({ ref: taskRef(task, false), kind: 0, payload: args, transfer: null,
          owner, index: 0, attempts: 0 });
      });
    }
    const first = await submit((x) => x + 1, [1]);
    failing = true;
    // The worker closes itself; units behind it wait for a replacement that cannot start.
    const dying = submit(() => { close(); }, []);
    const waiting = Array.from({ length: ${QUEUED} }, (_, i) => submit((x) => x, [i]));
    const results = await Promise.all([dying, ...waiting]);
    failing = false;
    const later = await submit((x) => x * 3, [5]);
    console.log("OUTCOME " + JSON.stringify({ first, results, later, attempts }));
    dispatcher.terminate("done");
    await dispatcher.whenStopped();`;
  const child = await runChild(source, { timeoutMs: 60_000 });
  assert.equal(child.code, 0, `the process died: ${child.stderr}`);
  // deno-lint-ignore no-explicit-any
  const outcome = parseOutcome(child.stdout, child.stderr) as any;
  assert.deepEqual(outcome.first, { value: 2 });
  const [dying, ...waiting] = outcome.results;
  assert.match(dying.error, /died .*close\(\)/, "the closing call is told its worker died");
  assert.equal(waiting.length, QUEUED);
  for (const result of waiting) {
    assert.match(result.error, /pool worker Spawny-\d+ could not be started: EMFILE/);
    assert.equal(result.cause, "EMFILE: too many open files");
  }
  assert.deepEqual(outcome.later, { value: 15 }, "a later call starts a worker again");
  await reportRow("faults", "replacement worker cannot start", {
    injected: `the worker factory throws EMFILE after the first worker, which then closes ` +
      `itself with ${QUEUED} units behind it`,
    outcome: `${waiting.length} waiting units rejected with "could not be started" and the ` +
      `cause; process alive; a later call started a worker (${outcome.attempts} spawn attempts)`,
  });
});
