// The pool's light timer (Atomics.waitAsync with a timeout) fires once, not before its time,
// and never once cancelled.
import assert from "node:assert/strict";
import { lightTimeout } from "../../lib/pool/_light_timer.ts";

const PATIENCE_MS = 10_000;

/** Resolves after `ms` by the global timer, which the test runner knows of. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("lightTimeout() calls its function once, no sooner than asked", async () => {
  const started = performance.now();
  let calls = 0;
  const fired = Promise.withResolvers<number>();
  lightTimeout(() => {
    calls++;
    fired.resolve(performance.now() - started);
  }, 30);
  let patience: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    patience = setTimeout(
      () => reject(new Error(`not fired after ${PATIENCE_MS} ms`)),
      PATIENCE_MS,
    );
  });
  const elapsed = await Promise.race([fired.promise, timeout]).finally(() =>
    clearTimeout(patience)
  );
  // performance.now() and V8's timer clock may round differently: 1 ms of slack.
  assert.ok(elapsed >= 29, `fired after ${elapsed.toFixed(1)} ms, expected at least 30`);
  await sleep(50);
  assert.equal(calls, 1);
});

Deno.test("a cancelled lightTimeout() never calls its function; zero and negative delays fire", async () => {
  let cancelledCalls = 0;
  const timer = lightTimeout(() => cancelledCalls++, 10);
  timer.cancel();
  let soonCalls = 0;
  lightTimeout(() => soonCalls++, 0);
  lightTimeout(() => soonCalls++, -5);
  await sleep(80);
  timer.cancel();
  assert.equal(cancelledCalls, 0);
  assert.equal(soonCalls, 2);
});
