// Ports of CPython's _TestBarrier (Lib/test/_test_multiprocessing.py, adapted there from
// lock_tests.py): N = 5 parties, four Processes and this thread (CPython's Bunch). CPython's
// DummyList counters are SharedValues here. test_thousand is ported in connection_test.ts.
import assert from "node:assert/strict";
import { Barrier, Queue, SharedValue } from "../../mod.ts";
import {
  barrierAbortAndReset,
  barrierAbortMiddle,
  barrierAfterAction,
  barrierIndexToQueue,
  barrierLateParty,
  barrierMultipass,
  barrierResetMiddle,
} from "../fixtures/parity_tasks.ts";
import { runParties } from "./_parity.ts";

const N = 5;
const DEFAULT_TIMEOUT = 30_000;

function counters(n: number): SharedValue<"i">[] {
  return Array.from({ length: n }, () => new SharedValue("i", 0));
}

Deno.test("_TestBarrier.test_barrier: five parties pass a barrier in lockstep", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const [first, second] = counters(2) as [SharedValue<"i">, SharedValue<"i">];
  await runParties(N, barrierMultipass, [barrier, first, second, 1]);
});

Deno.test("_TestBarrier.test_barrier_10: the barrier refills for ten consecutive passes", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const [first, second] = counters(2) as [SharedValue<"i">, SharedValue<"i">];
  await runParties(N, barrierMultipass, [barrier, first, second, 10]);
  assert.equal(first.value, 10 * N);
});

Deno.test("_TestBarrier.test_wait_return: exactly one party gets index 0 from wait()", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const queue = new Queue<number>();
  await runParties(N, barrierIndexToQueue, [barrier, queue]);
  const results = await Promise.all(Array.from({ length: N }, () => queue.get(10_000)));
  assert.equal(results.filter((index) => index === 0).length, 1);
  assert.deepEqual(results.sort(), [0, 1, 2, 3, 4]);
});

Deno.test("_TestBarrier.test_action: the action runs once per pass, before any party goes on", async () => {
  const runs = new SharedValue("i", 0);
  const barrier = new Barrier(N, { action: () => runs.add(1), timeout: DEFAULT_TIMEOUT });
  await runParties(N, barrierAfterAction, [barrier, runs]);
  assert.equal(runs.value, 1);
});

Deno.test("_TestBarrier.test_abort: abort() breaks the barrier for every other party", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const [passed, broken] = counters(2) as [SharedValue<"i">, SharedValue<"i">];
  await runParties(N, barrierAbortMiddle, [barrier, passed, broken]);
  assert.equal(passed.value, 0);
  assert.equal(broken.value, N - 1);
  assert.equal(barrier.broken, true);
});

Deno.test("_TestBarrier.test_reset: reset() frees the waiters, and the barrier works again", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const [passed, broken, after] = counters(3) as [
    SharedValue<"i">,
    SharedValue<"i">,
    SharedValue<"i">,
  ];
  await runParties(N, barrierResetMiddle, [barrier, passed, broken, after]);
  assert.equal(passed.value, 0);
  assert.equal(broken.value, N - 1);
  assert.equal(after.value, N);
});

Deno.test("_TestBarrier.test_abort_and_reset: a broken barrier works again after reset()", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const barrier2 = new Barrier(N);
  const [passed, broken, after] = counters(3) as [
    SharedValue<"i">,
    SharedValue<"i">,
    SharedValue<"i">,
  ];
  await runParties(N, barrierAbortAndReset, [barrier, barrier2, passed, broken, after]);
  assert.equal(passed.value, 0);
  assert.equal(broken.value, N - 1);
  assert.equal(after.value, N);
});

Deno.test("_TestBarrier.test_timeout: a wait(ms) that runs out breaks the barrier for all", async () => {
  const barrier = new Barrier(N, { timeout: DEFAULT_TIMEOUT });
  const [broken] = counters(1) as [SharedValue<"i">];
  await runParties(N, barrierLateParty, [barrier, broken, 500]);
  assert.equal(broken.value, barrier.parties);
});

Deno.test("_TestBarrier.test_default_timeout: the barrier's own timeout breaks it for all", async () => {
  const barrier = new Barrier(N, { timeout: 500 });
  const [broken] = counters(1) as [SharedValue<"i">];
  await runParties(N, barrierLateParty, [barrier, broken, undefined]);
  assert.equal(broken.value, barrier.parties);
});

Deno.test("_TestBarrier.test_single_thread: a barrier of one passes at once, twice", async () => {
  const barrier = new Barrier(1);
  assert.equal(await barrier.wait(), 0);
  assert.equal(await barrier.wait(), 0);
});
