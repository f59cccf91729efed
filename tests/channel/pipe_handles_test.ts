// Pipe ends passed to workers are the workers' own handles, as Python's duplicated descriptors:
// closing one closes only it, and the other end sees EOF (or BrokenPipeError) once every handle
// is closed, a handle whose worker died counting as closed.
import assert from "node:assert/strict";
import { BrokenPipeError, EOFError, Pipe, Pool, Process } from "../../mod.ts";
import {
  readyThenReceive,
  sendBurst,
  sendFromTimerLater,
  sendSlowly,
} from "../fixtures/shared_pipe_tasks.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/shared_pipe_tasks.ts", import.meta.url).href;
const PATIENCE_MS = 20_000;

Deno.test("closing the parent's handle right after start() leaves the child's open: its sends arrive, then EOFError", async () => {
  const [conn, childConn] = Pipe();
  const child = new Process({ target: sendSlowly, args: [childConn, 3, 20], module: TASKS });
  child.start();
  childConn.close();
  assert.equal(childConn.closed, true);
  assert.throws(() => childConn.send("no"), EOFError, "this handle is closed…");
  const received = [];
  for await (const value of conn) received.push(value);
  assert.deepEqual(received, [0, 1, 2], "…the child's is not, and EOF came after its last send");
  await child.join();
  assert.throws(() => conn.send("to nobody"), BrokenPipeError);
  conn.close();
});

Deno.test("the other end's sends break only once the last handle closes: the parent's, then a pool task's at its end", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const [mine, theirs] = Pipe();
  const task = pool.apply(readyThenReceive, [theirs]);
  assert.equal(await mine.recv(), "ready");
  theirs.close();
  mine.send("still heard");
  assert.equal(await task, "still heard");
  // The task's handle closes as the task ends (Python drops a task's arguments).
  const deadline = performance.now() + PATIENCE_MS;
  for (;;) {
    try {
      mine.send("anyone?");
    } catch (error) {
      assert.ok(error instanceof BrokenPipeError, `got ${error}`);
      break;
    }
    assert.ok(performance.now() < deadline, "the task's handle never closed");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await assert.rejects(mine.recv(), EOFError);
  mine.close();
});

Deno.test("a Process that ends right after a burst of sends loses none, however long the receiver takes to read them", async () => {
  const count = 5_000;
  const [conn, childConn] = Pipe(false);
  const child = new Process({ target: sendBurst, args: [childConn, count], module: TASKS });
  child.start();
  childConn.close();
  await child.join();
  // The child is dead, its messages still queued here: they are read, then EOF.
  let received = 0;
  let inOrder = true;
  for await (const value of conn) {
    if (value !== received) inOrder = false;
    received++;
    // A slow reader: the dead child's link must wait for its posted messages, not time out.
    if (received % 1_000 === 0) await new Promise((resolve) => setTimeout(resolve, 150));
  }
  await reportRow("faults", "pipe sender dies after a burst", {
    injected: `a Process sends ${count} messages and ends; the parent, which closed its handle, ` +
      "reads them slowly after the death",
    outcome: `${received} of ${count} received${
      inOrder ? ", in order" : ", out of order"
    }, then EOF`,
  });
  assert.equal(received, count);
  assert.equal(inOrder, true);
  conn.close();
});

Deno.test("a worker that dies waiting in recv() takes no message: the next reader gets it", async () => {
  const [mine, theirs] = Pipe();
  const child = new Process({ target: readyThenReceive, args: [theirs], module: TASKS });
  child.start();
  assert.equal(await mine.recv(), "ready");
  // Its receive reaches the relay, then the child dies with it pending.
  await new Promise((resolve) => setTimeout(resolve, 100));
  child.terminate();
  mine.send("for whoever reads next");
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the message went to the dead child")), PATIENCE_MS);
  });
  try {
    assert.equal(await Promise.race([theirs.recv(), late]), "for whoever reads next");
  } finally {
    clearTimeout(timer);
  }
  await child.join();
  mine.close();
  theirs.close();
});

// In a child process: were the death not noticed, the receive would wait forever.
const DEATH_SCRIPT = (how: "terminate" | "throw") => `
import { Pipe, Process } from ${JSON.stringify(new URL("../../mod.ts", import.meta.url).href)};
import { holdForever } from ${JSON.stringify(TASKS)};
const [conn, childConn] = Pipe();
async function failLater(_conn) {
  await new Promise((resolve) => setTimeout(resolve, 300));
  throw new Error("the child fails");
}
const target = ${how === "terminate" ? "holdForever" : "failLater"};
const child = new Process({ target, args: [childConn], module: ${JSON.stringify(TASKS)} });
child.start();
childConn.close();
let settled = false;
let eofAt = 0;
const receiving = conn.recv().then(() => "value", (e) => e.name).finally(() => {
  settled = true;
  eofAt = performance.now();
});
let endedAt = 0;
const ended = child.join().then(() => endedAt = performance.now());
await new Promise((resolve) => setTimeout(resolve, 200));
const pendingWhileHeld = !settled;
${how === "terminate" ? "child.terminate();" : ""}
const outcome = await receiving;
await ended;
const afterDeathMs = Math.round(eofAt - endedAt);
console.log("OUTCOME " + JSON.stringify({ pendingWhileHeld, outcome, afterDeathMs }));
conn.close();
`;

for (const how of ["terminate", "throw"] as const) {
  Deno.test(`a worker that dies holding a handle (${how}) counts as closed: the waiting receive ends with EOFError`, async () => {
    const { stdout, stderr, code } = await runChild(DEATH_SCRIPT(how), { timeoutMs: 60_000 });
    assert.notEqual(code, null, `the receive hung: ${stderr}`);
    const outcome = parseOutcome(stdout, stderr) as {
      pendingWhileHeld: boolean;
      outcome: string;
      afterDeathMs: number;
    };
    await reportRow("faults", `pipe handle holder dies (${how})`, {
      injected: "the parent closes its handle of the child's end after start(); the child " +
        (how === "terminate" ? "is terminated" : "throws") + " while the parent waits in recv()",
      outcome:
        `recv() ${
          outcome.pendingWhileHeld ? "waited while the child held its handle, " : "ended early, "
        }` +
        `then ended with ${outcome.outcome} ${outcome.afterDeathMs} ms after join() returned`,
    });
    assert.equal(outcome.pendingWhileHeld, true, "the parent's close alone did not end the pipe");
    assert.equal(outcome.outcome, "EOFError");
  });
}

Deno.test("a Process keeps its pipe end open for the timers its target left, then the pipe ends", async () => {
  const [conn, childConn] = Pipe();
  const child = new Process({
    target: sendFromTimerLater,
    args: [childConn, "late", 200],
    module: TASKS,
  });
  child.start();
  childConn.close();
  assert.equal(await conn.recv(), "late");
  await child.join();
  assert.equal(child.exitCode, 0, String(child.error));
  await assert.rejects(conn.recv(), EOFError);
});
