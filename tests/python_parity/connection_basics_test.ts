// Ports of CPython's _TestConnection (test_connection, test_duplex_false), _TestPoll,
// TestStdinBadfiledescriptor and
// TestStartMethod.test_nested_startmethod (Lib/test/_test_multiprocessing.py). `send_bytes`
// is `sendBytes`, `recv_bytes` is `await recvBytes()`; Python's `recv_bytes_into` and
// `fileno()` have no counterpart. test_spawn_close, test_sendbytes and test_context are in
// connection_test.ts.
import assert from "node:assert/strict";
import { EOFError, Pipe, Process, Queue } from "../../mod.ts";
import {
  echoBytes,
  pollOnly,
  poolInProcess,
  putTwoAndNest,
  queueInSubprocess,
  sendStringsSlowly,
  sendThree,
} from "../fixtures/parity_pipe_tasks.ts";
import { CLOCK_RES, timed, TIMEOUT } from "./_parity.ts";

const TASKS = new URL("../fixtures/parity_pipe_tasks.ts", import.meta.url).href;
const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array) => new TextDecoder().decode(data);

function start<A extends unknown[]>(target: (...args: A) => unknown, args: A): Process<A> {
  const process = new Process<A>({ target, args, module: TASKS });
  process.start();
  return process;
}

async function joinOk(process: Process<unknown[]>): Promise<void> {
  await process.join();
  assert.equal(process.exitCode, 0, `${process.name} failed: ${String(process.error)}`);
}

Deno.test("_TestConnection.test_connection: values, bytes, polls and 16 MiB through an echoing process", async () => {
  const [conn, childConn] = Pipe();
  const process = start(echoBytes, [childConn, true]);
  const seq = [1, 2.25, null];
  conn.send(seq);
  assert.deepEqual(await conn.recv(), seq);
  conn.sendBytes(bytes("hello world"));
  assert.equal(text(await conn.recvBytes()), "hello world");
  const [polled, elapsedNow] = await timed(() => conn.poll());
  assert.equal(polled, false);
  assert.ok(elapsedNow < 1000);
  assert.equal(await conn.poll(-1), false);
  const [late, elapsed] = await timed(() => conn.poll(TIMEOUT));
  assert.equal(late, false);
  assert.ok(elapsed >= TIMEOUT - CLOCK_RES, `poll(${TIMEOUT}) took ${elapsed} ms`);
  conn.sendBytes(bytes("ping"));
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(await conn.poll(TIMEOUT), true);
  assert.equal(text(await conn.recvBytes()), "ping");
  const big = new Uint8Array(16 * 1024 * 1024).fill(88);
  conn.sendBytes(big);
  assert.deepEqual(await conn.recvBytes(), big);
  conn.sendBytes(new Uint8Array(0));
  childConn.close();
  await joinOk(process);
  await assert.rejects(conn.recv(), EOFError);
});

Deno.test("_TestConnection.test_duplex_false: a one-way pipe's ends refuse the other direction", async () => {
  const [reader, writer] = Pipe(false);
  writer.send(1);
  assert.equal(await reader.recv(), 1);
  assert.throws(() => reader.send(2));
  await assert.rejects(writer.recv());
  await assert.rejects(writer.poll());
});

Deno.test("_TestPoll.test_empty_string: an empty byte message makes poll() true", async () => {
  const [a, b] = Pipe();
  assert.equal(await a.poll(), false);
  b.sendBytes(new Uint8Array(0));
  assert.equal(await a.poll(), true);
  assert.equal(await a.poll(), true);
});

Deno.test("_TestPoll.test_strings: byte messages from a process arrive whole, in order, empty ones too", async () => {
  const strings = ["hello", "", "a", "b", "", "bye", "", "lop"];
  const [a, b] = Pipe();
  const process = start(sendStringsSlowly, [b, strings]);
  for (const expected of strings) {
    for (let i = 0; i < 200 && !await a.poll(10); i++);
    assert.equal(text(await a.recvBytes()), expected);
  }
  await joinOk(process);
});

Deno.test("_TestPoll.test_boundaries: a process polling a reader takes no message from it", async () => {
  const [r, w] = Pipe(false);
  const process = start(pollOnly, [r]);
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const message of ["first", "second"]) w.sendBytes(bytes(message));
  w.close();
  await joinOk(process);
  assert.ok(["first", "second"].includes(text(await r.recvBytes())));
  r.close();
});

Deno.test("_TestPoll.test_dont_merge: byte messages sent back to back stay apart", async () => {
  const [a, b] = Pipe();
  assert.equal(await a.poll(0), false);
  assert.equal(await a.poll(TIMEOUT), false);
  const process = start(sendThree, [b]);
  assert.equal(text(await a.recvBytes()), "a");
  assert.equal(await a.poll(1000), true);
  assert.equal(await a.poll(1000), true);
  assert.equal(text(await a.recvBytes()), "b");
  assert.equal(await a.poll(1000), true);
  assert.equal(await a.poll(1000), true);
  assert.equal(await a.poll(0), true);
  assert.equal(text(await a.recvBytes()), "cd");
  await joinOk(process);
  a.close();
  b.close();
});

Deno.test("TestStdinBadfiledescriptor.test_queue_in_process: a process starts a process with a queue", async () => {
  await joinOk(start(queueInSubprocess, [TASKS]));
});

Deno.test("TestStdinBadfiledescriptor.test_pool_in_process: a process maps over a pool of its own", async () => {
  await joinOk(start(poolInProcess, [TASKS]));
});

Deno.test("TestStartMethod.test_nested_startmethod: a process passes its queue to a nested process", async () => {
  const queue = new Queue<number>();
  await joinOk(start(putTwoAndNest, [queue, TASKS]));
  const results = new Set<number>();
  while (!queue.empty()) results.add(await queue.get());
  assert.deepEqual(results, new Set([1, 2]));
});
