// A negative timeout acts as 0, as in Python's multiprocessing: Queue.get(timeout=-1) raises
// Empty at once, Connection.poll(-1) answers False at once, Process.join(-1) and
// AsyncResult.get(-1) return (or raise TimeoutError) at once.
import assert from "node:assert/strict";
import { Empty, Full, JoinableQueue, Pipe, Pool, Process, Queue, TimeoutError } from "../../mod.ts";
import { prompt } from "../_prompt.ts";

Deno.test("Queue.get(-1) and put(-1) on a full queue fail at once with Empty and Full; getSync and putSync too", async () => {
  const queue = new Queue(1);
  assert.ok(await prompt(() => queue.get(-1), "Queue.get(-1)") instanceof Empty);
  assert.throws(() => queue.getSync(-1), Empty);
  await queue.put("only");
  assert.ok(await prompt(() => queue.put("more", -1), "Queue.put(-1)") instanceof Full);
  assert.throws(() => queue.putSync("more", -1), Full);
  assert.equal(await queue.get(-1), "only", "a value that is there is taken");
  const joinable = new JoinableQueue();
  await joinable.put(1);
  const joined = await prompt(() => joinable.join(-1), "JoinableQueue.join(-1)");
  assert.ok(joined instanceof TimeoutError, `got ${joined}`);
});

Deno.test("Connection.poll(-1) answers at once, true only if a message is there", async () => {
  const [a, b] = Pipe();
  assert.equal(await prompt(() => b.poll(-1), "poll(-1)"), false);
  a.send("x");
  assert.equal(await prompt(() => b.poll(-1000), "poll(-1000)"), true);
  a.close();
  b.close();
});

Deno.test("Process.join(-1) and AsyncResult.get(-1)/wait(-1) return at once while the work runs", async () => {
  const sleeper = new Process({
    target: () => new Promise((resolve) => setTimeout(resolve, 1_000)),
  });
  sleeper.start();
  await prompt(() => sleeper.join(-1), "Process.join(-1)");
  assert.equal(sleeper.isAlive(), true);
  await using pool = new Pool({ processes: 1 });
  const result = pool.applyAsync(() => new Promise((resolve) => setTimeout(resolve, 1_000)), []);
  assert.ok(await prompt(() => result.get(-1), "AsyncResult.get(-1)") instanceof TimeoutError);
  assert.equal(await prompt(() => result.wait(-1), "AsyncResult.wait(-1)"), false);
  await sleeper.join();
  await result.get();
});
