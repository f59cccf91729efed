import assert from "node:assert/strict";
import { Event, Pool } from "../../mod.ts";
import { waitForEvent } from "../fixtures/sync_tasks.ts";

const TASKS = new URL("../fixtures/sync_tasks.ts", import.meta.url).href;

Deno.test("Event.wait() resolves false on timeout while clear, true at once while set", async () => {
  const event = new Event();
  assert.equal(event.isSet(), false);
  const started = performance.now();
  assert.equal(await event.wait(30), false);
  assert.ok(performance.now() - started >= 25, "it waited about the timeout");
  assert.equal(event.waitSync(0), false);
  event.set();
  assert.equal(event.isSet(), true);
  assert.equal(await event.wait(), true);
  assert.equal(event.waitSync(), true);
  event.clear();
  assert.equal(event.isSet(), false);
  assert.equal(await event.wait(0), false);
});

Deno.test("Event.set() wakes every waiting wait() on this thread", async () => {
  const event = new Event();
  const waiting = [event.wait(5_000), event.wait(5_000), event.wait()];
  setTimeout(() => event.set(), 10);
  assert.deepEqual(await Promise.all(waiting), [true, true, true]);
});

Deno.test("Event.wait() rejects an invalid timeout with RangeError", async () => {
  await assert.rejects(new Event().wait(Number.NaN), RangeError);
  assert.throws(() => new Event().waitSync(Number.NaN), RangeError);
});

Deno.test("Event set in main wakes 2 workers blocked in waitSync()", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const event = new Event();
  const arrived = new SharedArrayBuffer(4);
  const waiting = [0, 1].map(() => pool.apply(waitForEvent, [event, arrived]));
  const deadline = performance.now() + 10_000;
  while (Atomics.load(new Int32Array(arrived), 0) < 2 && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  await new Promise((resolve) => setTimeout(resolve, 20)); // let both reach their wait
  const started = performance.now();
  event.set();
  assert.deepEqual(await Promise.all(waiting), [true, true]);
  assert.ok(performance.now() - started < 2_000, "woken by set(), not by their timeout");
});
