// CPython's Lib/test/_test_multiprocessing.py, TestWait: test_wait, test_wait_slow,
// test_wait_timeout, test_wait_integer (a Process's sentinel) and test_neg_timeout, translated:
// seconds → ms, shorter sleeps. Skipped: test_wait_socket and test_wait_socket_slow (wait() takes
// Connections, Processes and sentinels; Deno sockets are not among them). Processes use the
// thread isolation: a Pipe end or Semaphore cannot reach a child process (no shared memory).
import assert from "node:assert/strict";
import { type Connection, Pipe, Process, Semaphore, wait } from "../../mod.ts";
import { childTestWait, signalAndSleep } from "../fixtures/process_tasks.ts";

const TASKS = new URL("../fixtures/process_tasks.ts", import.meta.url).href;

async function testWait(slow: boolean): Promise<void> {
  const readers: Connection[] = [];
  const writers: Connection[] = [];
  const procs: Process[] = [];
  const messages: Array<[number, number]> = [];
  for (let i = 0; i < 4; i++) {
    const [r, w] = Pipe(false);
    const p = new Process({ target: childTestWait, args: [w, slow], module: TASKS });
    p.start();
    // CPython closes `w` here and the stream ends when the child closes its copy. Until a parent's
    // close leaves a child's copy open (issue 15, point 7), this thread closes `w` once the child
    // has ended instead: the stream still ends with EOF, reported by wait().
    readers.push(r);
    writers.push(w);
    procs.push(p);
  }
  const ended = Promise.all(procs.map((p) => p.join())).then(() => {
    for (const w of writers) w.close();
  });
  while (readers.length > 0) {
    const ready = await wait(readers, 30_000);
    assert.notDeepEqual(ready, [], "no reader was ready within 30 s");
    for (const r of ready) {
      try {
        messages.push(await r.recv() as [number, number]);
      } catch (error) {
        if ((error as Error).name !== "EOFError") throw error;
        readers.splice(readers.indexOf(r), 1);
        r.close();
      }
    }
  }
  await ended;
  const byValue = (a: [number, number], b: [number, number]) => a[0] - b[0] || a[1] - b[1];
  const expected = procs.flatMap((p) => Array.from({ length: 10 }, (_, i) => [i, p.pid!]));
  assert.deepEqual(messages.sort(byValue), (expected as Array<[number, number]>).sort(byValue));
}

Deno.test("TestWait.test_wait: wait() over four children's pipes gathers all 40 messages, then EOF", async () => {
  await testWait(false);
});

Deno.test("TestWait.test_wait_slow: the same with random pauses of up to 100 ms between sends", async () => {
  await testWait(true);
});

Deno.test("TestWait.test_wait_timeout: [] after the timeout, then the end with a message", async () => {
  const timeout = 500;
  const [a, b] = Pipe();
  const started = performance.now();
  const res = await wait([a, b], timeout);
  const delta = performance.now() - started;
  assert.deepEqual(res, []);
  assert.ok(delta > timeout - 20, `returned after ${delta} ms of ${timeout}`);
  b.send(null);
  assert.deepEqual(await wait([a, b], 20_000), [a]);
  a.close();
  b.close();
});

Deno.test("TestWait.test_wait_integer: a Process's sentinel becomes ready when it ends, beside pipe ends", async () => {
  const expected = 1_000;
  const sem = new Semaphore(0);
  const [a, b] = Pipe();
  const p = new Process({ target: signalAndSleep, args: [sem, expected], module: TASKS });
  p.start();
  assert.ok(typeof p.sentinel === "object");
  assert.equal(await sem.acquire(20_000), true);

  let started = performance.now();
  let res = await wait([a, p.sentinel, b], expected + 20_000);
  let delta = performance.now() - started;
  assert.deepEqual(res, [p.sentinel]);
  assert.ok(delta < expected + 2_000, `ready after ${delta} ms`);
  assert.ok(delta > expected - 500, `ready after ${delta} ms, before the ${expected} ms sleep`);

  a.send(null);
  started = performance.now();
  res = await wait([a, p.sentinel, b], 20_000);
  delta = performance.now() - started;
  assert.deepEqual(res, [p.sentinel, b]);
  assert.ok(delta < 400);

  b.send(null);
  started = performance.now();
  res = await wait([a, p.sentinel, b], 20_000);
  delta = performance.now() - started;
  assert.deepEqual(res, [a, p.sentinel, b]);
  assert.ok(delta < 400);

  p.terminate();
  await p.join();
  a.close();
  b.close();
});

Deno.test("TestWait.test_neg_timeout: a negative timeout returns [] at once", async () => {
  const [a, b] = Pipe();
  const started = performance.now();
  const res = await wait([a], -1);
  const delta = performance.now() - started;
  assert.deepEqual(res, []);
  assert.ok(delta < 1_000);
  a.close();
  b.close();
});
