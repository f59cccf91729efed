import assert from "node:assert/strict";
import { AbortError, Pool } from "../../mod.ts";
import { poolTest } from "../cluster/_pool_setup.ts";

type Report = [done: number, total: number];

/** An `onProgress` that records what it hears. */
function recorder(): { reports: Report[]; onProgress: (done: number, total: number) => void } {
  const reports: Report[] = [];
  return { reports, onProgress: (done, total) => void reports.push([done, total]) };
}

/** Asserts the reports rise strictly, all out of `total`, and end with one `(total, total)`. */
function assertCompleteRun(reports: readonly Report[], total: number): void {
  assert.ok(reports.length >= 1, "onProgress was never called");
  assert.deepEqual(reports.at(-1), [total, total]);
  assert.equal(reports.filter(([done]) => done === total).length, 1, "(total, total) twice");
  for (const [index, [done, reportedTotal]] of reports.entries()) {
    assert.equal(reportedTotal, total);
    assert.ok(done >= 0 && done <= total, `done ${done} out of range`);
    if (index > 0) {
      assert.ok(done > reports[index - 1]![0], `done went ${reports[index - 1]![0]} → ${done}`);
    }
  }
}

const slowFirst = async (x: number): Promise<number> => {
  await new Promise((resolve) => setTimeout(resolve, x === 0 ? 0 : 30));
  if (x === 0) throw new Error("item 0 fails");
  return x;
};

Deno.test("map reports rising counts and (total, total) once, before its result arrives", async () => {
  await using pool = new Pool({ processes: 2 });
  const { reports, onProgress } = recorder();
  const result = await pool.map((x: number) => x * 2, [...Array(39).keys()], {
    chunksize: 3,
    onProgress,
  });
  assert.equal(result.length, 39);
  assertCompleteRun(reports, 39);
  // Counted by chunk: every count but the last is a multiple of the chunksize.
  for (const [done] of reports.slice(0, -1)) assert.equal(done % 3, 0);
});

Deno.test("10,000 fast chunks are reported far fewer times than chunks, at least twice", async () => {
  await using pool = new Pool({ processes: 2 });
  const { reports, onProgress } = recorder();
  const started = performance.now();
  await pool.map((x: number) => x, [...Array(10_000).keys()], { chunksize: 1, onProgress });
  const elapsed = performance.now() - started;
  assertCompleteRun(reports, 10_000);
  assert.ok(reports.length >= 2, `only ${reports.length} report(s)`);
  // At most one report per 50 ms while chunks finish (the first at once), plus the final one.
  assert.ok(
    reports.length <= Math.ceil(elapsed / 50) + 2,
    `${reports.length} reports in ${elapsed.toFixed(0)} ms`,
  );
  assert.ok(reports.length < 1_000, `${reports.length} reports for 10,000 chunks`);
});

Deno.test("an empty iterable is reported once as (0, 0)", async () => {
  await using pool = new Pool({ processes: 1 });
  const { reports, onProgress } = recorder();
  assert.deepEqual(await pool.map((x: number) => x, [], { onProgress }), []);
  assert.deepEqual(reports, [[0, 0]]);
  const empty = recorder();
  assert.deepEqual(
    await pool.starmapAsync((x: number) => x, [], { onProgress: empty.onProgress }),
    [],
  );
  assert.deepEqual(empty.reports, [[0, 0]]);
});

Deno.test("starmap, mapAsync and starmapAsync report as map does", async () => {
  await using pool = new Pool({ processes: 2 });
  const add = (a: number, b: number) => a + b;
  const pairs: [number, number][] = [...Array(12).keys()].map((i) => [i, i]);

  const starmap = recorder();
  const sums = await pool.starmap(add, pairs, { chunksize: 2, onProgress: starmap.onProgress });
  assert.deepEqual(sums, pairs.map(([a, b]) => a + b));
  assertCompleteRun(starmap.reports, 12);

  // The final report comes before the async call's callback.
  const mapAsync = recorder();
  let reportsAtCallback = -1;
  await pool.mapAsync((x: number) => x, [1, 2, 3, 4, 5], {
    chunksize: 1,
    onProgress: mapAsync.onProgress,
    callback: () => reportsAtCallback = mapAsync.reports.length,
  });
  assertCompleteRun(mapAsync.reports, 5);
  assert.equal(reportsAtCallback, mapAsync.reports.length);

  const starmapAsync = recorder();
  await pool.starmapAsync(add, pairs, { onProgress: starmapAsync.onProgress }).get(5_000);
  assertCompleteRun(starmapAsync.reports, 12);

  // Python's positional chunksize, then the options.
  const positional = recorder();
  await pool.map((x: number) => x, [1, 2, 3], 2, { onProgress: positional.onProgress });
  assertCompleteRun(positional.reports, 3);
});

Deno.test("a call that rejects never reports (total, total) nor anything after it failed", async () => {
  await using pool = new Pool({ processes: 2 });
  const { reports, onProgress } = recorder();
  await assert.rejects(
    pool.map(slowFirst, [0, 1, 2, 3, 4, 5], { chunksize: 1, onProgress }),
    /item 0 fails/,
  );
  const heardByRejection = reports.length;
  await new Promise((resolve) => setTimeout(resolve, 150)); // the other chunks finish meanwhile
  assert.equal(reports.length, heardByRejection, "onProgress was called after the rejection");
  assert.ok(reports.every(([done]) => done < 6));
});

Deno.test("aborting the call from onProgress stops the reports; the pool goes on", async () => {
  await using pool = new Pool({ processes: 2 });
  const controller = new AbortController();
  const reports: Report[] = [];
  const call = pool.map((x: number) => x, [...Array(200).keys()], {
    chunksize: 1,
    signal: controller.signal,
    onProgress: (done, total) => {
      reports.push([done, total]);
      controller.abort();
    },
  });
  await assert.rejects(call, AbortError);
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(reports.length, 1);
  assert.deepEqual(await pool.map((x: number) => x + 1, [1, 2]), [2, 3]);
});

Deno.test("terminating the pool from onProgress rejects the call instead of hanging", async () => {
  const pool = new Pool({ processes: 2 });
  let calls = 0;
  const call = pool.map((x: number) => x, [...Array(200).keys()], {
    chunksize: 1,
    onProgress: () => {
      calls++;
      void pool.terminate();
    },
  });
  await assert.rejects(call, { name: "PoolClosedError" });
  await pool.terminate();
  assert.equal(calls, 1);
});

Deno.test("an onProgress that is not a function is a TypeError naming the option", async () => {
  await using pool = new Pool({ processes: 1 });
  const bad = 42 as unknown as () => void;
  await assert.rejects(pool.map((x: number) => x, [1], { onProgress: bad }), {
    name: "TypeError",
    message: /Pool\.map\(\) option onProgress must be a function, received number 42/,
  });
  await assert.rejects(pool.starmap((x: number) => x, [[1]], { onProgress: null as never }), {
    name: "TypeError",
    message: /Pool\.starmap\(\) option onProgress must be a function/,
  });
  await assert.rejects(pool.mapAsync((x: number) => x, [1], { onProgress: "log" as never }).get(), {
    name: "TypeError",
    message: /Pool\.mapAsync\(\) option onProgress/,
  });
  // imap counts its results as they come: the option would be ignored there, so it is refused.
  const imap = pool.imap((x: number) => x, [1], { onProgress: () => {} } as never);
  await assert.rejects(imap.next(), { name: "TypeError", message: /imap\(\) takes no onProgress/ });
});

Deno.test("a throwing onProgress rejects the call with its error as cause; the pool goes on", async () => {
  await using pool = new Pool({ processes: 2 });
  const thrown = new Error("progress bar broke");
  let calls = 0;
  const call = pool.map((x: number) => x, [...Array(100).keys()], {
    chunksize: 1,
    onProgress: () => {
      calls++;
      throw thrown;
    },
  });
  await assert.rejects(call, (error: Error) => {
    assert.equal(error.cause, thrown);
    assert.match(error.message, /onProgress callback of Pool\.map\(\) of task .* threw/);
    return true;
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(calls, 1, "onProgress was called again after it threw");
  assert.deepEqual(await pool.map((x: number) => x * 3, [1, 2]), [3, 6]);

  // Throwing at the final report fails the call as well, and once: it never hangs.
  const final = pool.mapAsync((x: number) => x, [1, 2, 3], {
    onProgress: (done, total) => {
      if (done === total) throw thrown;
    },
  });
  await assert.rejects(final.get(5_000), (error: Error) => error.cause === thrown);
  await assert.rejects(
    pool.map((x: number) => x, [], {
      onProgress: () => {
        throw thrown;
      },
    }),
    (error: Error) => error.cause === thrown,
  );
});

Deno.test("process isolation reports progress as threads do", async () => {
  await using pool = new Pool({ processes: 1, isolation: "process" });
  const { reports, onProgress } = recorder();
  assert.deepEqual(await pool.map((x: number) => -x, [1, 2, 3], { chunksize: 1, onProgress }), [
    -1,
    -2,
    -3,
  ]);
  assertCompleteRun(reports, 3);
});

poolTest("a cluster Pool's map reports progress as a local one does", async (t) => {
  await t.start(["--processes", "2"]);
  const pool = t.pool({ processes: 2 });
  const { reports, onProgress } = recorder();
  const items = [...Array(20).keys()];
  assert.deepEqual(
    await pool.map("tenfold", items, { chunksize: 2, onProgress }),
    items.map((x) => x * 10),
  );
  assertCompleteRun(reports, 20);
  const failed = recorder();
  await assert.rejects(
    pool.map("tenfold", [1, -2, 3], { chunksize: 1, onProgress: failed.onProgress }),
    /negative: -2/,
  );
  assert.ok(failed.reports.every(([done]) => done < 3), "a failed call reported (3, 3)");
});
