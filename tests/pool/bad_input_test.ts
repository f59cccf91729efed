// Bad arguments and options: each fails its own call (or the constructor) with an error naming
// what was wrong and the value received; nothing crashes and the pool keeps working.
import assert from "node:assert/strict";
import {
  Barrier,
  Lock,
  Pipe,
  Pool,
  Process,
  Queue,
  Semaphore,
  SharedArray,
  SharedValue,
} from "../../mod.ts";
import { inc } from "../fixtures/tasks.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;

// Before the fix, each of these threw inside the dispatcher's flush and killed the process: so
// they run in a child, which prints one line per case.
const TRANSFER_CHILD = `
import { Pool, SharedValue } from "${MOD}";
const show = (p) => p.then((v) => "ok " + v, (e) => e.name + ": " + e.message);
const pool = new Pool({ processes: 1 });
const echo = (x) => typeof x;
const bytes = new Uint8Array(4);
const unreadable = { get bad() { throw new Error("getter boom"); } };
const moved = new ArrayBuffer(8);
const cases = {
  typedArray: show(pool.apply(echo, [bytes], { transfer: [bytes] })),
  number: show(pool.apply(echo, [1], { transfer: [5] })),
  notArray: show(pool.apply(echo, [1], { transfer: "abc" })),
  getter: show(pool.apply(echo, [new SharedValue("i", 1), unreadable])),
  getterError: show(pool.apply(echo, [new Error("x"), unreadable])),
  sameBatch: show(pool.apply(echo, [2])),
  detachedLater: show(pool.apply(echo, [1], { transfer: [moved] })),
};
structuredClone(moved, { transfer: [moved] }); // detached after the call, before the send
for (const [name, outcome] of Object.entries(cases)) console.log(name + " => " + await outcome);
console.log("after => " + await show(pool.apply(() => "alive")));
await pool.terminate();
console.log("END");
`;

Deno.test("bad transfer lists and unreadable arguments reject their own call only", async () => {
  const { stdout, stderr, code } = await runChild(TRANSFER_CHILD, { timeoutMs: 60_000 });
  const lines = new Map(
    stdout.trim().split("\n").filter((line) => line.includes(" => ")).map((line) => {
      const [name, outcome] = line.split(" => ");
      return [name!, outcome!];
    }),
  );
  assert.equal(code, 0, `child crashed: ${stderr.slice(-2000)}`);
  assert.match(stdout, /END/);
  assert.match(lines.get("typedArray")!, /^TypeError: .*transfer\[0\] is a Uint8Array.*\.buffer/);
  assert.match(lines.get("number")!, /^TypeError: .*transfer\[0\] .*received number 5/);
  assert.match(lines.get("notArray")!, /^TypeError: .*transfer must be an array.*"abc"/);
  assert.match(lines.get("getter")!, /^TypeError: .*getter boom/);
  assert.match(lines.get("getterError")!, /^TypeError: .*getter boom/);
  assert.equal(lines.get("sameBatch"), "ok number");
  assert.match(lines.get("detachedLater")!, /^TypeError: .*already detached/);
  assert.equal(lines.get("after"), "ok alive");
  await reportRow("inputs", "bad transfer lists, unreadable arguments", {
    injected: 'transfer: [typedArray], [5], "abc", a buffer detached before sending; ' +
      "a throwing getter beside a SharedValue or an Error",
    outcome: `child exit code ${code}; ${
      [...lines.values()].filter((line) => line.startsWith("TypeError")).length
    } calls rejected with TypeError, the call batched with them and a later call answered`,
  });
});

Deno.test("applyAsync, mapAsync, starmapAsync refuse a callback that is not a function at once", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const made = [
    pool.applyAsync(inc, [1], { callback: "x" as never }),
    pool.applyAsync(inc, [1], { errorCallback: 5 as never }),
    pool.mapAsync(inc, [1, 2], { callback: null as never }),
    pool.starmapAsync(inc, [[1]], { errorCallback: {} as never }),
  ];
  const errors: string[] = [];
  for (const result of made) {
    assert.equal(result.ready(), true, "settled at the call, not when a task finishes");
    const error = await result.get().then(() => null, (e: unknown) => e);
    assert.ok(error instanceof TypeError, `got ${error}`);
    errors.push(error.message);
  }
  assert.match(errors[0]!, /Pool\.applyAsync\(\) option callback .*the string "x"/);
  assert.match(errors[1]!, /Pool\.applyAsync\(\) option errorCallback .*number 5/);
  assert.match(errors[2]!, /Pool\.mapAsync\(\) option callback .*null/);
  assert.match(errors[3]!, /Pool\.starmapAsync\(\) option errorCallback .*object/);
  assert.equal(await pool.applyAsync(inc, [1], { callback: () => {} }).get(), 2);
  await reportRow("inputs", "callbacks that are not functions", {
    injected: 'callback: "x", errorCallback: 5, callback: null, errorCallback: {} ' +
      "to applyAsync, mapAsync, starmapAsync",
    outcome: `${errors.length} of ${made.length} results rejected with TypeError at the call, ` +
      "none at result time; the pool answered the next call",
  });
});

Deno.test("null or non-object options name the method and the value", async () => {
  assert.throws(() => new Pool(null as never), /new Pool\(\) expects an options object.*null/);
  // A number is Python's Pool(processes) since issue 15 (tests/pool/positional_test.ts); any
  // other non-object is still refused, naming the value.
  assert.throws(() => new Pool("4" as never), /new Pool\(\) expects an options object.*"4"/);
  await using pool = new Pool({ processes: 1, module: TASKS });
  await assert.rejects(pool.apply(inc, [1], null as never), {
    name: "TypeError",
    message: /Pool\.apply\(\) expects an options object.*received null/,
  });
  await assert.rejects(pool.map(inc, [1], null as never), /Pool\.map\(\) expects an options/);
  await assert.rejects(pool.applyAsync(inc, [1], null as never).get(), TypeError);
  await assert.rejects(pool.imap(inc, [1], "x" as never).next(), /Pool\.imap\(\) expects/);
  assert.equal(await pool.apply(inc, [1]), 2);
});

Deno.test("processes and heapLimitMb out of range are refused at construction", async () => {
  const refused: string[] = [];
  for (const processes of [2 ** 32, 1025, 0, 1.5]) {
    const error = catchError(() => new Pool({ processes }));
    assert.ok(error instanceof RangeError, `processes ${processes}: ${error}`);
    assert.match(error.message, /Pool option processes/);
    refused.push(`processes ${processes}`);
  }
  assert.match(String(catchError(() => new Pool({ processes: 2 ** 32 }))), /at most 1024/);
  for (const heapLimitMb of [1, 4, 1e21, 2 ** 31]) {
    const error = catchError(() => new Pool({ isolation: "process", heapLimitMb }));
    assert.ok(error instanceof RangeError, `heapLimitMb ${heapLimitMb}: ${error}`);
    assert.match(error.message, /heapLimitMb must be from 16 to 2147483647/);
    refused.push(`heapLimitMb ${heapLimitMb}`);
    const processError = catchError(() =>
      new Process({ target: () => {}, isolation: "process", heapLimitMb })
    );
    assert.ok(processError instanceof RangeError, `Process heapLimitMb ${heapLimitMb}`);
  }
  assert.ok(
    catchError(() => new Process({ target: () => {}, name: 5 as never })) instanceof TypeError,
  );
  assert.ok(catchError(() => new Process(null as never)) instanceof TypeError);
  await reportRow("inputs", "out-of-range pool options", {
    injected: "processes 2^32, 1025, 0, 1.5; heapLimitMb 1, 4, 1e21, 2^31",
    outcome: `${refused.length} constructions refused with RangeError naming the option`,
  });
});

Deno.test("a smallest allowed heapLimitMb child runs a task", async () => {
  await using pool = new Pool({ processes: 1, isolation: "process", heapLimitMb: 16 });
  assert.equal(await pool.apply((x: number) => x + 1, [1]), 2);
});

Deno.test("Lock and Semaphore timeouts that are not numbers are TypeErrors naming the value", async () => {
  const lock = new Lock();
  await assert.rejects(lock.acquire("5" as never), {
    name: "TypeError",
    message: /Lock\.acquire\(\) expects timeoutMs.*the string "5"/,
  });
  assert.throws(() => lock.acquireSync(true as never), /received boolean true/);
  assert.equal(lock.isLocked(), false, "a refused acquire takes nothing");
  await assert.rejects(new Semaphore(1).acquire("1" as never), TypeError);
  assert.equal(await lock.acquire(0), true);
  lock.release();
});

Deno.test("shared objects' constructors refuse null options and a non-function action", () => {
  assert.throws(() => new SharedValue("i", 1, null as never), /SharedValue expects an options/);
  assert.throws(() => new SharedArray("i", 2, null as never), /SharedArray expects an options/);
  assert.throws(() => new SharedArray("i", null as never), /iterable of values, received null/);
  assert.throws(() => new Queue(0, null as never), /Queue expects an options object/);
  assert.throws(() => new Barrier(2, null as never), /Barrier expects an options object/);
  assert.throws(() => new Barrier(2, { action: 5 as never }), /action must be a function.*5/);
  assert.throws(
    () => new Process({ target: () => {}, isolation: null as never }),
    /isolation must be "thread" or "process", received null/,
  );
});

Deno.test("AsyncResult.get() and Connection.poll() timeouts that are not numbers are TypeErrors", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const result = pool.applyAsync(inc, [1]);
  assert.throws(() => result.get("5" as never), {
    name: "TypeError",
    message: /AsyncResult\.get\(\) expects a timeout .*the string "5"/,
  });
  await assert.rejects(result.wait("5" as never), TypeError);
  assert.equal(await result.get(), 2);
  const [left, right] = Pipe();
  await assert.rejects(left.poll("5" as never), {
    name: "TypeError",
    message: /Connection\.poll\(\) expects a timeout .*string "5"/,
  });
  left.close();
  right.close();
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

Deno.test("new Pool() and new Process() refuse an option they do not know, pointing a Python spelling at theirs", () => {
  assert.throws(
    () => new Pool({ processes: 1, maxtasksperchild: 2 } as never),
    (error: Error) =>
      error instanceof TypeError && /"maxtasksperchild"/.test(error.message) &&
      /write maxTasksPerChild/.test(error.message),
  );
  assert.throws(
    () => new Pool({ processes: 1, context: "spawn" } as never),
    (error: Error) => error instanceof TypeError && /"context"/.test(error.message),
  );
  assert.throws(
    () => new Process({ target: () => {}, kwargs: { x: 1 } } as never),
    (error: Error) => error instanceof TypeError && /"kwargs"/.test(error.message),
  );
  assert.throws(
    () => new Process({ target: () => {}, daemon: true } as never),
    (error: Error) => error instanceof TypeError && /"daemon"/.test(error.message),
  );
});
