import assert from "node:assert/strict";
import { BrokenPipeError, EOFError, Pipe, Pool, Process, SharedValue } from "../../mod.ts";
import { queuedRings } from "../../lib/channel/doorbell.ts";
import {
  doubler,
  outlastClose,
  receiveOne,
  receiveStepping,
  sendResult,
} from "../fixtures/pipe_tasks.ts";

const TASKS = new URL("../fixtures/pipe_tasks.ts", import.meta.url).href;

Deno.test("Pipe() ends exchange values both ways, in order", async () => {
  const [a, b] = Pipe();
  a.send({ n: 1 });
  a.send([2, 3]);
  b.send("back");
  assert.deepEqual(await b.recv(), { n: 1 });
  assert.deepEqual(await b.recv(), [2, 3]);
  assert.equal(await a.recv(), "back");
  a.close();
  b.close();
});

Deno.test("Connection.poll() answers at once without a timeout and waits with one", async () => {
  const [a, b] = Pipe();
  assert.equal(await b.poll(), false);
  setTimeout(() => a.send(1), 20);
  assert.equal(await b.poll(2_000), true);
  assert.equal(await b.recv(), 1);
  assert.equal(await b.poll(10), false);
  assert.equal(await b.poll(-1), false, "a negative timeout acts as 0, as in Python");
  await assert.rejects(b.poll(NaN), RangeError);
  a.close();
  assert.equal(await b.poll(1_000), true, "end of stream counts as ready: recv() will not wait");
  b.close();
});

Deno.test("receiving after the other end closed ends with EOFError once the buffer is read, never a hang", async () => {
  const [a, b] = Pipe();
  a.send("last");
  const waiting = Pipe();
  const pending = waiting[1].recv();
  a.close();
  assert.equal(await b.recv(), "last");
  await assert.rejects(b.recv(), EOFError);
  waiting[0].close();
  await assert.rejects(pending, EOFError);
  await assert.rejects(a.recv(), /closed connection/);
  assert.throws(() => a.send(1), EOFError);
  b.close();
  waiting[1].close();
});

Deno.test("for await over a connection yields every message until the other end closes", async () => {
  const [a, b] = Pipe();
  for (const n of [1, 2, 3]) a.send(n);
  a.close();
  const seen = [];
  for await (const message of b) seen.push(message);
  assert.deepEqual(seen, [1, 2, 3]);
  b.close();
});

Deno.test("sendBytes and recvBytes copy bytes, honour maxLength and refuse a non-bytes message", async () => {
  const [a, b] = Pipe();
  const data = new Uint8Array([1, 2, 3, 4, 5]);
  a.sendBytes(data, 1, 3);
  data[1] = 99;
  assert.deepEqual([...await b.recvBytes()], [2, 3, 4]);
  a.sendBytes(new Uint8Array(10).buffer);
  await assert.rejects(b.recvBytes(4), /10 bytes, more than maxLength 4/);
  assert.equal((await b.recvBytes()).byteLength, 10, "a refused message stays for the next read");
  a.send("text");
  await assert.rejects(b.recvBytes(), /sent with send\(\); use recv\(\)/);
  assert.equal(await b.recv(), "text");
  assert.throws(() => a.send(() => 1), /cannot send this value/);
  a.close();
  b.close();
});

Deno.test("Pipe(false) gives a receive-only end and a send-only end", () => {
  const [receiver, sender] = Pipe(false);
  assert.equal(receiver.writable, false);
  assert.equal(sender.readable, false);
  assert.throws(() => receiver.send(1), /receive-only/);
  assert.rejects(sender.recv(), /receive-only/);
  receiver.close();
  sender.close();
});

Deno.test("notebook 000 question 9: one send end handed to five processes in turn and at once", async () => {
  const [receiveEnd, sendEnd] = Pipe();
  const inTurn = [];
  for (let i = 0; i < 5; i++) {
    const process = new Process({ target: sendResult, args: [i, sendEnd, i / 10], module: TASKS });
    process.start();
    inTurn.push(await receiveEnd.recv());
    await process.join();
  }
  assert.deepEqual(inTurn, [[0, 0], [1, 0.1], [2, 0.2], [3, 0.3], [4, 0.4]]);
  const atOnce = [0, 1, 2, 3, 4].map((i) =>
    new Process({ target: sendResult, args: [i, sendEnd, i], module: TASKS })
  );
  atOnce.forEach((process) => process.start());
  const received = [];
  for (let i = 0; i < 5; i++) received.push(await receiveEnd.recv() as [number, number]);
  await Promise.all(atOnce.map((process) => process.join()));
  assert.deepEqual(received.map(([i]) => i).sort(), [0, 1, 2, 3, 4]);
  sendEnd.send("the parent's end still works");
  assert.equal(await receiveEnd.recv(), "the parent's end still works");
  sendEnd.close();
  receiveEnd.close();
});

Deno.test("a connection passed to a pool task can receive and send through its relay", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(doubler, [theirs]);
  mine.send(21);
  assert.equal(await mine.recv(), 42);
  mine.sendBytes(new Uint8Array([1, 2, 3]));
  assert.equal(await mine.recv(), 6);
  await task;
  const [left, right] = Pipe();
  const waiting = pool.apply(receiveOne, [right]);
  left.send("through the relay");
  assert.equal(await waiting, "through the relay");
  for (const end of [mine, theirs, left, right]) end.close();
});

Deno.test("a worker's receive is answered while the sending thread stays busy in synchronous code", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const waiting = new SharedValue("i", 0);
  const messages = 5;
  const task = pool.apply(receiveStepping, [theirs, waiting, messages]);
  assert.equal(await mine.recv(), "ready");
  try {
    // No await from here on: the worker's requests cannot be handled as messages in this
    // thread, so each receive must be answered by the send that follows it.
    for (let i = 0; i < messages; i++) {
      const deadline = performance.now() + 10_000;
      while (waiting.value !== i + 1) {
        if (performance.now() > deadline) {
          assert.fail(`the worker never got message ${i - 1} while this thread was busy`);
        }
      }
      mine.sendBytes(new Uint8Array([10 + i]));
    }
    assert.equal(await task, 10 * messages + messages * (messages - 1) / 2);
  } finally {
    // On failure the worker's receive ends with EOFError, so the pool can close.
    mine.close();
    theirs.close();
    await task.catch(() => {});
  }
});

Deno.test("send() to an end that was closed throws BrokenPipeError instead of losing the value", () => {
  const [left, right] = Pipe();
  right.close();
  assert.throws(() => left.send("lost?"), BrokenPipeError);
  assert.throws(() => left.sendBytes(new Uint8Array(4)), BrokenPipeError);
  left.close();
});

Deno.test("closing the end a worker's connection is connected to ends the worker's receive with EOFError and its sends with BrokenPipeError", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const [readyHere, readyThere] = Pipe();
  const task = pool.apply(outlastClose, [theirs, readyThere]);
  assert.equal(await readyHere.recv(), "waiting");
  // Closing `theirs` here would close only this thread's handle: the worker's is its own.
  mine.close();
  assert.deepEqual(await task, ["EOFError", "BrokenPipeError"]);
  for (const end of [theirs, readyHere, readyThere]) end.close();
  // Whatever the worker posted to the closed relay was lost, and its doorbell rings were taken
  // back: else this thread would count them as queued and never watch for a message again.
  assert.equal(queuedRings(), 0);
});
