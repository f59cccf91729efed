// Small values lent to a worker's handle of a pipe end (lib/channel/_lend.ts): the relay posts
// copies of queued small messages to the proxy that received last, which claims each in shared
// memory as its recv() asks. What it must keep: every message taken once, in order per reader;
// nothing taken by a worker that dies holding copies; recvBytes() on a value refused without
// taking it; receives made together answered in the order they were made.
import assert from "node:assert/strict";
import { Pipe, Pool, Process } from "../../mod.ts";
import { cell } from "../../lib/channel/_connection_parts.ts";
import { LentCopies, SharedInbox } from "../../lib/channel/_lend.ts";
import { LocalEnd } from "../../lib/channel/local_end.ts";
import { ProxyEnd } from "../../lib/channel/proxy_end.ts";
import {
  receiveMixed,
  receiveOnceThenHold,
  receiveValues,
  recvBytesOnValue,
} from "./_lend_tasks.ts";

const TASKS = new URL("./_lend_tasks.ts", import.meta.url).href;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

Deno.test("values sent to an end a worker's handle and the main thread's both read: each once, in order per reader", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(receiveValues, [theirs]);
  mine.send("start");
  assert.equal(await mine.recv(), "ready");
  const count = 3_000;
  // Numbers, short strings, and now and then a long string (never lent) and null.
  const value = (i: number) => i % 97 === 0 ? `${i}`.padEnd(1_000, ".") : i % 5 === 0 ? `${i}` : i;
  for (let i = 0; i < count; i++) {
    mine.send(value(i));
    if (i % 200 === 0) await sleep(1);
  }
  mine.close();
  const here: unknown[] = [];
  for (let read = 1;; read++) {
    try {
      here.push(await theirs.recv());
    } catch (error) {
      if ((error as Error).name === "EOFError") break;
      throw error;
    }
    if (read % 40 === 0) await sleep(1);
  }
  const there = await task;
  const index = (v: unknown) => typeof v === "number" ? v : parseInt(v as string);
  const increasing = (list: unknown[]) =>
    list.every((v, i) => i === 0 || index(list[i - 1]) < index(v));
  assert.ok(increasing(here), "the main thread's handle got values out of order");
  assert.ok(increasing(there), "the worker's handle got values out of order");
  const all = [...here, ...there].sort((a, b) => index(a) - index(b));
  assert.deepEqual(all, Array.from({ length: count }, (_, i) => value(i)), "lost or duplicated");
  theirs.close();
});

for (const [how, done] of [["terminate", "terminated"], ["kill", "killed"]] as const) {
  Deno.test(`a worker ${done} holding lent copies of values took none of them`, async () => {
    const [mine, theirs] = Pipe();
    const child = new Process({ target: receiveOnceThenHold, args: [theirs], module: TASKS });
    child.start();
    mine.send("start");
    assert.equal(await mine.recv(), "ready");
    const count = 40;
    for (let i = 0; i < count; i++) mine.send(i % 2 ? i : `v${i}`);
    // Time for the copies to reach the worker before it dies.
    await sleep(200);
    child[how]();
    await child.join();
    for (let i = 0; i < count; i++) assert.equal(await theirs.recv(), i % 2 ? i : `v${i}`);
    mine.close();
    assert.equal(await theirs.poll(), true, "EOF is ready");
    theirs.close();
  });
}

Deno.test("recvBytes() in a worker on a lent value throws recv()'s TypeError and leaves it for recv()", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const [control, theirControl] = Pipe();
  const task = pool.apply(recvBytesOnValue, [theirs, theirControl]);
  mine.send("start");
  assert.equal(await mine.recv(), "ready");
  mine.send(42);
  await sleep(100);
  control.send("go");
  assert.deepEqual(await task, [
    "TypeError: Connection.recvBytes(): the next message was sent with send(); use recv()",
    "value 42",
  ]);
  for (const end of [mine, theirs, control, theirControl]) end.close();
});

for (const together of [false, true]) {
  Deno.test(`values and bytes mixed reach a worker's handle in order (receives made ${together ? "together" : "one by one"})`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS });
    const [mine, theirs] = Pipe();
    const kinds = "vvbvvbbvvvvvvvvvvvvvvvvvvvvbv";
    const task = pool.apply(receiveMixed, [theirs, kinds, together]);
    mine.send("start");
    assert.equal(await mine.recv(), "ready");
    const expected = [...kinds].map((kind, i) => kind === "b" ? `b${i}` : i % 3 ? i : `s${i}`);
    [...kinds].forEach((kind, i) => {
      if (kind === "b") mine.sendBytes(new Uint8Array([i]));
      else mine.send(expected[i]);
    });
    assert.deepEqual(await task, expected);
    mine.close();
    theirs.close();
  });
}

Deno.test("SharedInbox skips what proxies claimed; LentCopies claims only the next message, across the 32-bit wrap", () => {
  const inbox = new SharedInbox();
  for (let i = 0; i < 3; i++) inbox.push({ t: "data", v: i });
  assert.equal(inbox.length, 3);
  assert.equal(Atomics.compareExchange(inbox.taken, 0, 0, 1), 0);
  assert.deepEqual(inbox.peek(), { t: "data", v: 1 });
  // A claim between peek() and take(): take() refuses, and the next peek skips it.
  Atomics.store(inbox.taken, 0, 2);
  assert.equal(inbox.take(), false);
  assert.deepEqual(inbox.peek(), { t: "data", v: 2 });
  assert.equal(inbox.take(), true);
  assert.equal(inbox.length, 0);

  const taken = cell(0x7fff_ffff), lent = cell(0x7fff_ffff);
  const copies = new LentCopies(taken, lent);
  assert.equal(copies.claim(false, null), "ask");
  Atomics.store(lent, 0, (0x7fff_ffff + 2) | 0);
  assert.equal(copies.claim(false, null), "wait");
  copies.add([[0x7fff_ffff, "a"], [(0x7fff_ffff + 1) | 0, "b"]]);
  assert.throws(() => copies.claim(true, null), TypeError);
  assert.deepEqual(copies.claim(false, null), { value: "a" });
  assert.deepEqual(copies.claim(false, null), { value: "b" });
  assert.equal(Atomics.load(taken, 0), (0x7fff_ffff + 2) | 0);
  assert.equal(copies.claim(false, null), "ask");
  // A copy of a later message than the next: the next was not lent, so ask.
  copies.add([[(0x7fff_ffff + 3) | 0, "d"]]);
  Atomics.store(lent, 0, (0x7fff_ffff + 4) | 0);
  assert.equal(copies.claim(false, null), "ask");
});

Deno.test("a proxy lent copies, a proxy passed on from it and the real end read one stream: each value once, in order", async () => {
  const [sender, end] = LocalEnd.pair(true);
  const proxy = ProxyEnd.revive(end.handOver());
  const passedOn = ProxyEnd.revive(proxy.handOver());
  sender.send(-1);
  assert.equal(await proxy.recv(false, null), -1, "the proxy's first receive makes it the reader");
  const count = 300;
  for (let i = 0; i < count; i++) sender.send(i % 4 === 0 ? `s${i}` : i);
  await sleep(20); // the copies reach the proxy
  const got: Record<string, unknown[]> = { proxy: [], passedOn: [], end: [] };
  const readers = { proxy, passedOn, end } as const;
  // A seeded turn order: each reader in turn takes 1 to 4 values.
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let read = 0; read < count;) {
    const name = (["proxy", "passedOn", "end"] as const)[Math.floor(random() * 3)]!;
    for (let k = 1 + Math.floor(random() * 4); k > 0 && read < count; k--, read++) {
      got[name]!.push(await readers[name].recv(false, null));
    }
  }
  const index = (v: unknown) => typeof v === "number" ? v : Number((v as string).slice(1));
  for (const [name, list] of Object.entries(got)) {
    assert.ok(
      list.every((v, i) => i === 0 || index(list[i - 1]) < index(v)),
      `${name} out of order`,
    );
    assert.ok(list.length > 0, `${name} read none`);
  }
  const all = Object.values(got).flat().sort((a, b) => index(a) - index(b));
  assert.deepEqual(all, Array.from({ length: count }, (_, i) => i % 4 === 0 ? `s${i}` : i));
  sender.close();
  await assert.rejects(proxy.recv(false, null), /closed/);
  for (const handle of [passedOn, proxy, end]) handle.close();
});
