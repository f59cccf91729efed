// CPython's Lib/test/_test_multiprocessing.py tests of pipes, translated: seconds → ms,
// ValueError → RangeError, `with conn:` → `using`, a closed handle's OSError → EOFError (what
// Connection documents for a closed handle).
import assert from "node:assert/strict";
import { EOFError, Pipe, Process } from "../../mod.ts";
import { echoBytesUntilEmpty } from "../fixtures/shared_pipe_tasks.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/shared_pipe_tasks.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;
const bytes = (text: string) => new TextEncoder().encode(text);
const SENTINEL = new Uint8Array(0);

// Run as a child process: a regression would leave five Processes waiting at the barrier.
const THOUSAND_SCRIPT = `
import { Barrier, Lock, Pipe, Process } from ${JSON.stringify(MOD)};
import { sendEachPassUnderLock } from ${JSON.stringify(TASKS)};
const N = 5;
const passes = 1000;
const lock = new Lock();
const barrier = new Barrier(N);
const [conn, childConn] = Pipe(false);
const processes = [];
for (let j = 0; j < N; j++) {
  const p = new Process({
    target: sendEachPassUnderLock,
    args: [barrier, passes, childConn, lock],
    module: ${JSON.stringify(TASKS)},
  });
  p.start();
  processes.push(p);
}
const since = performance.now();
let firstWrong = null;
receiving: for (let i = 0; i < passes; i++) {
  for (let j = 0; j < N; j++) {
    const value = await conn.recv();
    if (value !== i) {
      firstWrong = { pass: i, received: value };
      break receiving;
    }
  }
}
const ms = Math.round(performance.now() - since);
console.log("OUTCOME " + JSON.stringify({ firstWrong, ms }));
if (firstWrong !== null) Deno.exit(1);
await Promise.all(processes.map((p) => p.join()));
conn.close();
childConn.close();
`;

// _TestBarrier.test_thousand
Deno.test("_TestBarrier.test_thousand: a pipe end shared by five Processes is FIFO across senders ordered by a barrier and a lock", async () => {
  const { stdout, stderr, code } = await runChild(THOUSAND_SCRIPT, { timeoutMs: 120_000 });
  assert.notEqual(code, null, `timed out: ${stderr}`);
  const outcome = parseOutcome(stdout, stderr) as {
    firstWrong: { pass: number; received: unknown } | null;
    ms: number;
  };
  await reportRow("loads", "test_thousand (pipe FIFO)", {
    injected: "CPython's test_thousand: 5 Processes × 1000 passes of barrier.wait(); " +
      "under a Lock, send(i) on one shared pipe end",
    outcome: outcome.firstWrong === null
      ? `all 5000 messages pass by pass, in ${outcome.ms} ms`
      : `pass ${outcome.firstWrong.pass} got ${outcome.firstWrong.received} too early`,
  });
  assert.equal(outcome.firstWrong, null);
  assert.equal(code, 0, stderr);
});

// _TestConnection.test_spawn_close
Deno.test("_TestConnection.test_spawn_close: the parent may close the child's end right after start()", async () => {
  const [conn, childConn] = Pipe();
  const p = new Process({ target: echoBytesUntilEmpty, args: [childConn], module: TASKS });
  p.start();
  childConn.close(); // this might complete before the child starts
  conn.sendBytes(bytes("hello"));
  assert.deepEqual(await conn.recvBytes(), bytes("hello"));
  conn.sendBytes(SENTINEL);
  conn.close();
  await p.join();
  assert.equal(p.exitCode, 0);
});

// _TestConnection.test_sendbytes
Deno.test("_TestConnection.test_sendbytes: sendBytes takes an offset and a size within the buffer, else RangeError", async () => {
  const msg = bytes("abcdefghijklmnopqrstuvwxyz");
  const [a, b] = Pipe();
  a.sendBytes(msg);
  assert.deepEqual(await b.recvBytes(), msg);
  a.sendBytes(msg, 5);
  assert.deepEqual(await b.recvBytes(), msg.slice(5));
  a.sendBytes(msg, 7, 8);
  assert.deepEqual(await b.recvBytes(), msg.slice(7, 7 + 8));
  a.sendBytes(msg, 26);
  assert.deepEqual(await b.recvBytes(), new Uint8Array(0));
  a.sendBytes(msg, 26, 0);
  assert.deepEqual(await b.recvBytes(), new Uint8Array(0));
  assert.throws(() => a.sendBytes(msg, 27), {
    name: "RangeError",
    message: /buffer length < offset/,
  });
  assert.throws(() => a.sendBytes(msg, 22, 5), /buffer length < offset \+ size/);
  assert.throws(() => a.sendBytes(msg, 26, 1), /buffer length < offset \+ size/);
  assert.throws(() => a.sendBytes(msg, -1), { name: "RangeError", message: /offset is negative/ });
  assert.throws(() => a.sendBytes(msg, 4, -1), { name: "RangeError", message: /size is negative/ });
  assert.equal(await b.poll(), false, "nothing was sent by the refused calls");
  a.close();
  b.close();
});

// _TestConnection.test_context
Deno.test("_TestConnection.test_context: `using` closes both connections at the end of the scope", async () => {
  const [a, b] = Pipe();
  {
    using _a = a;
    using _b = b;
    a.send(1729);
    assert.equal(await b.recv(), 1729);
    assert.equal(a.closed, false);
    assert.equal(b.closed, false);
  }
  assert.equal(a.closed, true);
  assert.equal(b.closed, true);
  await assert.rejects(a.recv(), EOFError);
  await assert.rejects(b.recv(), EOFError);
});
