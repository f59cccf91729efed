import assert from "node:assert/strict";
import { Pool, Process, RawArray, RawValue, SharedArray, SharedValue } from "../../mod.ts";
import {
  addUnderLock,
  describeRevived,
  lockedIncrements,
  makeValueInWorker,
  unlockedIncrements,
  writeAt,
} from "../fixtures/shared_tasks.ts";

const TASKS = new URL("../fixtures/shared_tasks.ts", import.meta.url).href;

Deno.test("SharedValue keeps every typecode's type and range", () => {
  const value = new SharedValue("b", -3);
  value.value = 130;
  assert.equal(value.value, -126, "'b' wraps as a signed byte, as in Python's array");
  assert.equal(new SharedValue("d", 0.1).value, 0.1);
  assert.equal(new SharedValue("f", 0.5).value, 0.5);
  assert.equal(new SharedValue("q", 2n ** 40n).value, 2n ** 40n);
  assert.throws(
    () => new SharedValue("q", 1 as unknown as bigint),
    /expects a bigint for typecode 'q'/,
  );
  assert.throws(
    () => new SharedValue("x" as "i", 0),
    /one of b B h H i I l L q Q f d, received "x"/,
  );
});

Deno.test("SharedValue integer kinds have atomic add, sub, exchange and compareExchange", () => {
  const value = new SharedValue("i", 10);
  assert.equal(value.add(5), 10);
  assert.equal(value.sub(3), 15);
  assert.equal(value.exchange(7), 12);
  assert.equal(value.compareExchange(7, 9), 7);
  assert.equal(value.compareExchange(7, 1), 9);
  assert.equal(value.value, 9);
  assert.throws(() => new SharedValue("d", 1).add(1), /needs an integer typecode/);
});

Deno.test("RawValue and RawArray have no lock", () => {
  assert.throws(() => RawValue("i", 0).getLock(), /lock: false/);
  assert.throws(() => RawArray("d", 3).getLock(), /lock: false/);
  assert.equal(RawArray("i", [1, 2]).toArray().length, 2);
});

Deno.test("SharedArray supports get, set, negative indices, iteration and the live view", () => {
  const array = new SharedArray("i", [1, 2, 3]);
  assert.equal(array.length, 3);
  assert.equal(array.get(-1), 3);
  array.set(0, 10);
  array.array[1] = 20;
  assert.deepEqual([...array], [10, 20, 3]);
  assert.deepEqual(array.toArray(), [10, 20, 3]);
  assert.throws(() => array.get(3), /index must be an integer in \[-3, 3\), received 3/);
  assert.throws(() => array.set(1.5, 0), RangeError);
  assert.throws(() => new SharedArray("i", -1), /length that is an integer >= 0/);
  assert.equal(new SharedArray("d", 0).length, 0);
});

Deno.test("shared objects passed to a task are revived as the same classes over the same memory", async () => {
  await using pool = new Pool({ processes: 1, module: TASKS });
  const value = new SharedValue("i", 5);
  const array = new SharedArray("d", 4);
  assert.equal(await pool.apply(describeRevived, [value]), "SharedValue i 5");
  assert.equal(await pool.apply(describeRevived, [array]), "SharedArray d 4");
  assert.equal(await pool.apply(describeRevived, [value.getLock()]), "Lock");
  await pool.apply(writeAt, [array, 2, 0.25]);
  assert.equal(array.get(2), 0.25, "a write in the worker is seen here");
  const made = await pool.apply(makeValueInWorker);
  assert.ok(made instanceof SharedValue, "a shared value made in a worker comes back as one");
  assert.equal(made.value, 41);
});

Deno.test("notebook 000 question 5: two processes add 1 and 2 under the lock; the value is 3", async () => {
  const shared = new SharedValue("i", 0);
  const processes = [1, 2].map((increment) =>
    new Process({ target: addUnderLock, args: [shared, increment], module: TASKS })
  );
  processes.forEach((process) => process.start());
  await Promise.all(processes.map((process) => process.join()));
  assert.deepEqual(processes.map((process) => process.exitCode), [0, 0]);
  assert.equal(shared.value, 3);
});

Deno.test("two workers × 1,000,000 locked increments end at exactly 2,000,000; unlocked ones lose updates", async () => {
  await using pool = new Pool({ processes: 2, module: TASKS });
  const times = 1_000_000;
  const locked = new SharedValue("i", 0);
  const lockedGate = new SharedArrayBuffer(4);
  await Promise.all([0, 1].map(() => pool.apply(lockedIncrements, [locked, times, lockedGate])));
  assert.equal(locked.value, 2 * times);
  // Lost updates need the two loops to overlap; on a loaded machine one thread can be paused
  // for a whole round, so a few rounds are allowed before calling the race absent.
  const totals: number[] = [];
  for (let round = 0; round < 20 && !totals.some((total) => total < 2 * times); round++) {
    const unlocked = new SharedValue("i", 0, { lock: false });
    const unlockedGate = new SharedArrayBuffer(4);
    await Promise.all(
      [0, 1].map(() => pool.apply(unlockedIncrements, [unlocked, times, unlockedGate])),
    );
    totals.push(unlocked.value);
  }
  assert.ok(
    totals.some((total) => total < 2 * times),
    `without the lock, updates are lost: ${totals.join(", ")}`,
  );
});
