// Which function a worker runs for a task: closures made by one factory share their source
// text, and must never answer for each other (lib/worker/task_catalog.ts, task_ref.ts).
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { reportRow } from "../_report.ts";
import {
  double,
  pid,
  quadruple,
  scaleWith,
  shifted,
  shiftedByHundred,
  stepBy,
  stepped,
  triple,
} from "../fixtures/factory_tasks.ts";

const TASKS = new URL("../fixtures/factory_tasks.ts", import.meta.url).href;
const ISOLATIONS = ["thread", "process"] as const;

type Task = ((x: number) => number) | string;

/** The task's result for 10, or the rejection's message. */
async function outcome(pool: Pool, task: Task): Promise<number | string> {
  try {
    return await pool.apply(task as (x: number) => number, [10]);
  } catch (error) {
    assert.ok(error instanceof ReferenceError, `a ReferenceError, got ${error}`);
    return error.message;
  }
}

Deno.test("factory-made exports given by name or as functions never answer for each other on one worker", async () => {
  let byName = 0;
  let byNameRight = 0;
  let byFunction = 0;
  let refused = 0;
  let right = 0;
  for (const isolation of ISOLATIONS) {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const worker = await pool.apply(pid);
    const expected: Array<[string, Task, number]> = [
      ["shifted", shifted, 11],
      ["shiftedByHundred", shiftedByHundred, 110],
      ["double", double, 20],
      ["quadruple", quadruple, 40],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [name, fn, want] of expected) {
        byName++;
        assert.equal(await pool.apply(name as unknown as typeof fn, [10]), want, name);
        byNameRight++;
        byFunction++;
        const got = await outcome(pool, fn);
        if (typeof got === "number") {
          assert.equal(got, want, `${name} as a function (${isolation}) ran another function`);
          right++;
        } else {
          assert.match(got, /k is not defined/);
          assert.match(got, /made by a factory share their source/);
          assert.match(got, new RegExp(`exports [\\w, ]*\\b${name}\\b`), got);
          assert.match(got, /pass its export name as a string/);
          refused++;
        }
      }
    }
    assert.equal(await pool.apply(pid), worker, "every call ran on the one worker");
  }
  await reportRow("faults", "factory closures with one source", {
    injected: "double/quadruple (unnamed arrows) and shifted/shiftedByHundred (inner function " +
      "named like an export) from one factory each, interleaved on one worker, by export name " +
      "and as functions, threads and processes",
    outcome: `by name ${byNameRight}/${byName} right; as functions ${right} right, ${refused} ` +
      `refused naming the exports and the by-name fix, ${byFunction - right - refused} wrong`,
  });
});

for (const isolation of ISOLATIONS) {
  Deno.test(`a closure that looks like an export is not run as that export (${isolation})`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    // `triple` reads module state; a local closure from `scaleWith` has its very source text.
    assert.equal(await pool.apply(triple, [10]), 30);
    const five = await outcome(pool, scaleWith(5));
    assert.match(String(five), /factor is not defined/, "never 30, the export's answer");
    assert.equal(await pool.apply(triple, [10]), 30, "the export still runs by reference");
    // `stepBy(7)` is named "stepped" like the one export `stepBy` made: once the parent has
    // seen both, neither is taken for the export.
    const first = await outcome(pool, stepped);
    assert.ok(first === 11 || /k is not defined/.test(String(first)), String(first));
    const seven = await outcome(pool, stepBy(7));
    assert.match(String(seven), /k is not defined/, "never 11, the export's answer");
    assert.match(String(seven), /pass its export name as a string/);
    assert.equal(await pool.apply("stepped" as unknown as typeof stepped, [10]), 11);
  });

  Deno.test(`an inline arrow re-created on every turn of a loop still runs (${isolation})`, async () => {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    for (let turn = 1; turn <= 4; turn++) {
      assert.deepEqual(await pool.map((x: number) => x * 2, [1, 2, turn]), [2, 4, turn * 2]);
    }
    const local = 5;
    await assert.rejects(
      pool.apply((x: number) => x * local, [1]),
      (error: Error) =>
        error instanceof ReferenceError && /local is not defined/.test(error.message),
    );
  });
}
