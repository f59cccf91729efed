import assert from "node:assert/strict";
import { Event, Pipe, Process, wait } from "../../mod.ts";
import { setLater, setThenSleep } from "../fixtures/process_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/process_tasks.ts", import.meta.url).href;

Deno.test("wait() resolves with the Connections that have a message, in the order given", async () => {
  const [a, b] = Pipe();
  const [c, d] = Pipe();
  assert.deepEqual(await wait([a, b, c, d], 0), []);
  d.send(1);
  b.send(2);
  assert.deepEqual(await wait([a, b, c, d]), [a, c]);
  assert.equal(await c.recv(), 1);
  assert.deepEqual(await wait([a, b, c, d], 0), [a]);
});

Deno.test("wait() wakes as soon as a message arrives, and reports a closed peer as ready", async () => {
  const [a, b] = Pipe();
  setTimeout(() => b.send("late"), 100);
  const started = performance.now();
  assert.deepEqual(await wait([a], 10_000), [a]);
  const ms = Math.round(performance.now() - started);
  assert.ok(ms < 5_000, `woke after ${ms} ms`);
  await a.recv();
  b.close();
  assert.deepEqual(await wait([a], 1_000), [a], "EOF counts as ready");
  await assert.rejects(a.recv(), { name: "EOFError" });
});

Deno.test("wait() gives [] after the timeout, and a negative timeout acts as 0", async () => {
  const [a, b] = Pipe();
  const started = performance.now();
  assert.deepEqual(await wait([a, b], 150), []);
  const ms = performance.now() - started;
  assert.ok(ms >= 140, `waited ${ms} ms of 150`);
  const quick = performance.now();
  assert.deepEqual(await wait([a], -1), []);
  a.close();
  b.close();
  assert.ok(performance.now() - quick < 1_000);
});

for (const isolation of ["thread", "process"] as const) {
  Deno.test(`wait() (${isolation}) reports a Process and its sentinel once the Process ends`, async () => {
    const event = new Event();
    const slow = new Process({ target: setThenSleep, args: [null], module: TASKS, isolation });
    const quick = new Process({ target: () => {}, isolation });
    slow.start();
    quick.start();
    assert.deepEqual(await wait([slow, quick.sentinel]), [quick.sentinel]);
    const [a, b] = Pipe();
    b.send("x");
    assert.deepEqual(await wait([slow, a], 5_000), [a]);
    slow.kill();
    assert.deepEqual(await wait([slow.sentinel, slow]), [slow.sentinel, slow]);
    assert.deepEqual(await wait([slow.sentinel, slow, a], 0), [slow.sentinel, slow, a]);
    a.close();
    b.close();
    event.set();
    await reportRow("inputs", `wait() on Processes and a Connection (${isolation})`, {
      injected:
        "wait([running, ended.sentinel]), then after kill() wait([sentinel, process, conn])",
      outcome: `exit codes ${quick.exitCode} and ${slow.exitCode}; each wait gave the ready ones`,
    });
  });
}

Deno.test("wait() refuses what Python refuses: an unstarted or closed Process, a closed or write-only end", async () => {
  const [r, w] = Pipe(false);
  const unstarted = new Process({ target: () => {} });
  await assert.rejects(wait([unstarted]), { name: "RangeError", message: /not started/ });
  await assert.rejects(wait([w]), { name: "RangeError", message: /write-only/ });
  r.close();
  await assert.rejects(wait([r]), { name: "RangeError", message: /closed Connection/ });
  const ended = new Process({ target: () => {} });
  ended.start();
  await ended.join();
  const sentinel = ended.sentinel;
  ended.close();
  await assert.rejects(wait([ended]), { name: "RangeError", message: /closed/ });
  await assert.rejects(wait([sentinel]), { name: "RangeError", message: /closed/ });
  await assert.rejects(wait([42 as never]), { name: "TypeError", message: /received number 42/ });
  await assert.rejects(wait(5 as never), { name: "TypeError" });
  await assert.rejects(wait([], "1" as never), { name: "TypeError" });
  // An Event is not something wait() can watch (Python's wait takes only waitables).
  await setLater(new Event(), 0);
});
