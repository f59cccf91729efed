// An input iterable that throws: imap yields every result of the items before the error, then
// the error; read-ahead never moves the error ahead of results (issue 15, point 3).
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { reportRow } from "../_report.ts";

class SourceError extends Error {
  override name = "SourceError";
}

/** Yields 0, 1, … and throws a SourceError when item `failAt` is asked for. */
function* throwingAt(failAt: number): Generator<number> {
  for (let i = 0;; i++) {
    if (i === failAt) throw new SourceError(`the source failed at item ${i}`);
    yield i;
  }
}

async function* throwingAtAsync(failAt: number): AsyncGenerator<number> {
  for (const value of throwingAt(failAt)) {
    await Promise.resolve();
    yield value;
  }
}

const square = (x: number): number => x * x;

/** Everything an async iterable yields, then what it threw (or "done"). */
async function drain<T>(results: AsyncIterable<T>): Promise<{ values: T[]; end: unknown }> {
  const values: T[] = [];
  try {
    for await (const value of results) values.push(value);
  } catch (error) {
    return { values, end: error };
  }
  return { values, end: "done" };
}

const squaresBelow = (n: number): number[] => Array.from({ length: n }, (_, i) => i * i);

Deno.test("imap yields the results of every item before the input error, then the error", async () => {
  await using pool = new Pool({ processes: 2 });
  const seen: string[] = [];
  for (const chunksize of [1, 2, 3, 4, 10]) {
    for (const failAt of [0, 1, 7]) {
      const { values, end } = await drain(pool.imap(square, throwingAt(failAt), { chunksize }));
      assert.deepEqual(values, squaresBelow(failAt), `chunksize ${chunksize}, fails at ${failAt}`);
      assert.ok(end instanceof SourceError, `chunksize ${chunksize}: ended with ${end}`);
      seen.push(`${values.length}/${failAt}`);
    }
  }
  assert.equal(pool.queued, 0);
  assert.equal(await pool.apply(square, [9]), 81);
  await reportRow("inputs", "imap input iterable throws at item k", {
    injected: "a generator throwing at item 0, 1 or 7, chunksize 1, 2, 3, 4, 10 (15 runs)",
    outcome: `results yielded before the error, per run: ${seen.join(", ")}; then the ` +
      `source's own error each time; ${pool.queued} units left queued`,
  });
});

Deno.test("imap over an async iterable that throws yields earlier results first", async () => {
  await using pool = new Pool({ processes: 2 });
  for (const chunksize of [1, 3]) {
    const { values, end } = await drain(pool.imap(square, throwingAtAsync(5), { chunksize }));
    assert.deepEqual(values, squaresBelow(5));
    assert.ok(end instanceof SourceError);
  }
});

Deno.test("imap reports a task error before an input error that comes later", async () => {
  await using pool = new Pool({ processes: 2 });
  const failOnThree = (x: number): number => {
    if (x === 3) throw new RangeError("task failed on 3");
    return x;
  };
  const { values, end } = await drain(pool.imap(failOnThree, throwingAt(6)));
  assert.deepEqual(values, [0, 1, 2]);
  assert.ok(end instanceof Error && end.message === "task failed on 3", `ended with ${end}`);
});

Deno.test("imapUnordered yields every result before the input error, then the error", async () => {
  await using pool = new Pool({ processes: 2 });
  for (const chunksize of [1, 2, 4]) {
    const { values, end } = await drain(
      pool.imapUnordered(square, throwingAt(7), { chunksize }),
    );
    assert.deepEqual(values.toSorted((a, b) => a - b), squaresBelow(7), `chunksize ${chunksize}`);
    assert.ok(end instanceof SourceError, `chunksize ${chunksize}: ended with ${end}`);
  }
  assert.equal(pool.queued, 0);
});

// map and starmap read the whole iterable before sending anything, as Python's map does (it
// calls list(iterable)): the error rejects the call and no unit reaches a worker.
Deno.test("map and starmap over a throwing iterable reject with its error and send nothing", async () => {
  const calls = new SharedArrayBuffer(4);
  const counted = (buffer: SharedArrayBuffer, x: number): number => {
    Atomics.add(new Int32Array(buffer), 0, 1);
    return x;
  };
  await using pool = new Pool({ processes: 2 });
  const pairs = function* (): Generator<[SharedArrayBuffer, number]> {
    for (const x of throwingAt(3)) yield [calls, x];
  };
  await assert.rejects(pool.map(square, throwingAt(3)), SourceError);
  await assert.rejects(pool.starmap(counted, pairs()), SourceError);
  await assert.rejects(pool.mapAsync(square, throwingAt(3)).get(), SourceError);
  await assert.rejects(pool.starmapAsync(counted, pairs()).get(), SourceError);
  assert.equal(pool.queued, 0);
  assert.equal(await pool.apply(counted, [calls, 5]), 5);
  assert.equal(Atomics.load(new Int32Array(calls), 0), 1, "only the final apply ran");
});
