// Byte messages through a worker's handle of a pipe end (a proxy served by its relay): sizes from
// 0 to 64 MiB, order over many messages, an end received on by two handles at once, poll(), and
// a worker killed while messages wait for it. Each pins what any faster path of the relay (one
// that pushes messages to a proxy ahead of its receives, say) must keep: no message lost,
// duplicated or reordered, and none taken by a handle that never received it.
import assert from "node:assert/strict";
import { Pipe, Pool, Process } from "../../mod.ts";
import {
  holdWithoutReceiving,
  isPatterned,
  patterned,
  pollThenReceive,
  receiveNumbers,
  receiveSized,
  sendSized,
} from "./_bytes_tasks.ts";

const TASKS = new URL("./_bytes_tasks.ts", import.meta.url).href;
const MIB = 1 << 20;
const SIZES = [0, 1, 0, 7, 4095, 4096, 4097, 65_535, 65_536, 65_537, MIB, 0, 3 * MIB + 1];

/** A message of one 4-byte sequence number. */
function numbered(seq: number): Uint8Array {
  const bytes = new Uint8Array(4);
  new DataView(bytes.buffer).setUint32(0, seq);
  return bytes;
}

Deno.test("byte messages of 0 bytes to 3 MiB reach a worker's handle whole and in order", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveSized, [theirs, SIZES]);
  assert.equal(await mine.recv(), "ready");
  SIZES.forEach((size, seq) => mine.sendBytes(patterned(seq, size)));
  assert.equal(await task, -1, "the worker got a wrong message at this index");
  mine.close();
  theirs.close();
});

Deno.test("byte messages of 0 bytes to 3 MiB from a worker's handle arrive whole and in order", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  await pool.apply(sendSized, [theirs, SIZES]);
  for (let seq = 0; seq < SIZES.length; seq++) {
    assert.ok(isPatterned(await mine.recvBytes(), seq, SIZES[seq]!), `message ${seq}`);
  }
  mine.close();
  theirs.close();
});

Deno.test("a 64 MiB message crosses to a worker's handle and back unchanged", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveSized, [theirs, [64 * MIB]]);
  assert.equal(await mine.recv(), "ready");
  mine.sendBytes(patterned(0, 64 * MIB));
  assert.equal(await task, -1);
  await pool.apply(sendSized, [theirs, [0, 64 * MIB]]);
  assert.equal((await mine.recvBytes()).byteLength, 0);
  assert.ok(isPatterned(await mine.recvBytes(), 1, 64 * MIB));
  mine.close();
  theirs.close();
});

Deno.test("5,000 byte messages sent in one burst reach a worker's handle in order, each once", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveNumbers, [theirs]);
  assert.equal(await mine.recv(), "ready");
  const count = 5_000;
  for (let seq = 0; seq < count; seq++) mine.sendBytes(numbered(seq));
  mine.close();
  assert.deepEqual(await task, Array.from({ length: count }, (_, seq) => seq));
  theirs.close();
});

Deno.test("an end received on by a worker's handle and the main thread's: each message once, in order per reader", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveNumbers, [theirs]);
  assert.equal(await mine.recv(), "ready");
  const count = 2_000;
  for (let seq = 0; seq < count; seq++) mine.sendBytes(numbered(seq));
  mine.close();
  // Both handles read until EOF: the main thread's yields now and then so the worker's competes.
  const here: number[] = [];
  for (let read = 1;; read++) {
    try {
      here.push(new DataView((await theirs.recvBytes()).buffer).getUint32(0));
    } catch (error) {
      if ((error as Error).name === "EOFError") break;
      throw error;
    }
    if (read % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const there = await task;
  const increasing = (list: number[]) => list.every((n, i) => i === 0 || list[i - 1]! < n);
  assert.ok(increasing(here), "the main thread's handle got messages out of order");
  assert.ok(increasing(there), "the worker's handle got messages out of order");
  const all = [...here, ...there].sort((a, b) => a - b);
  assert.deepEqual(all, Array.from({ length: count }, (_, seq) => seq), "lost or duplicated");
  assert.ok(here.length > 0, "the main thread's handle read none");
  theirs.close();
});

Deno.test("poll() true in a worker does not take the message: another handle may still read it", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const [control, theirControl] = Pipe();
  const task = pool.apply(pollThenReceive, [theirs, theirControl]);
  mine.sendBytes(patterned(0, 100));
  assert.equal(await control.recv(), "polled");
  assert.ok(isPatterned(await theirs.recvBytes(), 0, 100), "the main thread's handle read it");
  mine.sendBytes(patterned(1, 100));
  control.send("go");
  assert.ok(isPatterned(await task as Uint8Array, 1, 100), "the worker read the next one");
  for (const end of [mine, theirs, control, theirControl]) end.close();
});

for (const [how, done] of [["terminate", "terminated"], ["kill", "killed"]] as const) {
  Deno.test(`a worker that holds a handle and is ${done} takes none of the messages waiting for it`, async () => {
    const [mine, theirs] = Pipe();
    const child = new Process({ target: holdWithoutReceiving, args: [theirs], module: TASKS });
    child.start();
    assert.equal(await mine.recv(), "ready");
    const count = 64;
    for (let seq = 0; seq < count; seq++) mine.sendBytes(patterned(seq, seq * 1024));
    // Time for any message to travel to the worker before it dies.
    await new Promise((resolve) => setTimeout(resolve, 200));
    child[how]();
    await child.join();
    for (let seq = 0; seq < count; seq++) {
      assert.ok(isPatterned(await theirs.recvBytes(), seq, seq * 1024), `message ${seq}`);
    }
    mine.close();
    assert.equal(await theirs.poll(), true, "EOF is ready");
    theirs.close();
  });
}

Deno.test("closing the sending end while byte messages are in flight to a worker: all arrive, then EOF", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveNumbers, [theirs]);
  assert.equal(await mine.recv(), "ready");
  for (let seq = 0; seq < 300; seq++) mine.sendBytes(numbered(seq));
  mine.close();
  theirs.close();
  assert.deepEqual(await task, Array.from({ length: 300 }, (_, seq) => seq));
});
