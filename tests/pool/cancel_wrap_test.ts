// A queued call that is aborted never runs, however many units are queued behind it on the same
// worker: cancelling one 1,024 units later (the old ring of cancel marks) must not revive it.
import assert from "node:assert/strict";
import { AbortError, Pool } from "../../mod.ts";
import { reportRow } from "../_report.ts";

/** The side effect an aborted call must never have: it counts its own runs. */
const countRun = (counter: SharedArrayBuffer): number => Atomics.add(new Int32Array(counter), 0, 1);

for (const distance of [1_024, 4_096]) {
  Deno.test(`an aborted queued call never runs when another call ${distance} units later on the same worker is aborted too`, async () => {
    await using pool = new Pool({ processes: 1 });
    // Many tiny calls first: the pool learns they are fast and sends later ones in big batches,
    // so thousands of units sit on the one worker at once.
    await Promise.all(Array.from({ length: 20_000 }, (_, i) => pool.apply((x) => x, [i])));
    const counter = new SharedArrayBuffer(4);
    const first = new AbortController();
    const later = new AbortController();
    const busy = pool.apply(() => new Promise((resolve) => setTimeout(resolve, 500, "busy")));
    const aborted = pool.apply(countRun, [counter], { signal: first.signal });
    const fillers = Array.from({ length: distance - 1 }, (_, i) => pool.apply((x) => x, [i]));
    const abortedLater = pool.apply(countRun, [counter], { signal: later.signal });
    const tail = Array.from({ length: 100 }, (_, i) => pool.apply((x) => x, [i]));
    // Sent by now (the busy task still waits): abort both while they are queued on the worker.
    await new Promise((resolve) => setTimeout(resolve, 50));
    first.abort();
    later.abort();
    await assert.rejects(aborted, AbortError);
    await assert.rejects(abortedLater, AbortError);
    assert.equal(await busy, "busy");
    assert.deepEqual(await Promise.all(fillers), Array.from({ length: distance - 1 }, (_, i) => i));
    assert.deepEqual(await Promise.all(tail), Array.from({ length: 100 }, (_, i) => i));
    const runs = Atomics.load(new Int32Array(counter), 0);
    assert.equal(runs, 0, "neither aborted call ran");
    await reportRow("faults", `aborted queued calls ${distance} units apart`, {
      injected: `a worker busy 500 ms; two queued calls ${distance} units apart both aborted`,
      outcome: `both rejected with AbortError; aborted calls ran ${runs} time(s); ` +
        `${distance + 99} other calls exact`,
    });
  });
}
