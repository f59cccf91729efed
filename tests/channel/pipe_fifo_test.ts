// A pipe end shared by several threads is FIFO across them: a send that happens before another
// (ordered by an Event, a Lock, the main thread) is received first. CPython's test_thousand is
// in tests/python_parity/connection_test.ts.
import assert from "node:assert/strict";
import { Event, Pipe, Pool, Process } from "../../mod.ts";
import { SendOrder } from "../../lib/channel/_send_order.ts";
import type { Envelope } from "../../lib/channel/envelope.ts";
import { alternateWithMain, sendUncloneableThen } from "../fixtures/shared_pipe_tasks.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/shared_pipe_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 20_000;

/** `promise`, or a failure naming `what` after `ms` (the timer is cleared either way). */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

Deno.test("a worker's send, then the main thread's on the same end after an Event says so, arrive in that order", async () => {
  const rounds = 100;
  const [receiver, shared] = Pipe(false);
  const sent = new Event();
  const proceed = new Event();
  const worker = new Process({
    target: alternateWithMain,
    args: [shared, sent, proceed, rounds],
    module: TASKS,
  });
  worker.start();
  for (let i = 0; i < rounds; i++) {
    assert.equal(await sent.wait(PATIENCE_MS), true, `round ${i}: the worker sent`);
    sent.clear();
    // Happens after the worker's send of this round: must be received after it.
    shared.send(`m${i}`);
    proceed.set();
  }
  const received: unknown[] = [];
  for (let i = 0; i < 2 * rounds; i++) received.push(await receiver.recv());
  await worker.join();
  const expected = Array.from({ length: rounds }, (_, i) => [`w${i}`, `m${i}`]).flat();
  const firstOut = received.findIndex((value, i) => value !== expected[i]);
  await reportRow("loads", "pipe FIFO across threads", {
    injected: `${rounds} rounds: a Process sends on a shared end, sets an Event; the main ` +
      "thread then sends on its own handle of that end",
    outcome: firstOut < 0
      ? `all ${received.length} messages in the order they were sent`
      : `message ${firstOut} out of order: ${received[firstOut]}`,
  });
  assert.deepEqual(received, expected);
  shared.close();
  receiver.close();
});

Deno.test("a send whose value cannot be cloned gives up its place: later sends are not held back", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [receiver, shared] = Pipe(false);
  const task = pool.apply(sendUncloneableThen, [shared, "after"]);
  assert.equal(await within(receiver.recv(), PATIENCE_MS, "the next send's arrival"), "after");
  assert.equal(await task, "TypeError");
  shared.send("main");
  assert.equal(await receiver.recv(), "main");
  shared.close();
  receiver.close();
});

Deno.test("SendOrder delivers by ticket, steps over a given-up ticket, and skips a lost one only when told", () => {
  const order = new SendOrder();
  const out: unknown[] = [];
  const deliver = (envelope: Envelope) => out.push((envelope as { v: unknown }).v);
  const data = (v: unknown): Envelope => ({ t: "data", v });
  order.accept(1, data("b"), deliver);
  order.accept(2, null, deliver);
  order.accept(3, data("d"), deliver);
  assert.deepEqual(out, [], "held back until ticket 0 arrives");
  assert.equal(order.waiting, 3);
  order.accept(0, data("a"), deliver);
  assert.deepEqual(out, ["a", "b", "d"], "ticket 2's value was never sent: stepped over");
  order.accept(5, data("f"), deliver);
  assert.deepEqual(out, ["a", "b", "d"]);
  order.skipGap(deliver);
  assert.deepEqual(out, ["a", "b", "d", "f"], "ticket 4 given up as lost");
  order.accept(4, data("e"), deliver);
  assert.deepEqual(out, ["a", "b", "d", "f", "e"], "a late message is delivered, not dropped");
  assert.equal(order.waiting, 0);
});

Deno.test("SendOrder keeps order across the wrap of its 32-bit ticket counter", () => {
  const order = new SendOrder();
  const out: unknown[] = [];
  const deliver = (envelope: Envelope) => out.push((envelope as { v: unknown }).v);
  // Jump to just below the wrap, as after 2^31 sends.
  order.accept(0x7fff_fffe, { t: "data", v: "x" }, deliver);
  order.skipGap(deliver);
  order.accept(-0x8000_0000, { t: "data", v: "z" }, deliver);
  order.accept(0x7fff_ffff, { t: "data", v: "y" }, deliver);
  assert.deepEqual(out, ["x", "y", "z"]);
});
