// Odd task outcomes: non-native thenables are adopted as `await` adopts them, and thrown values
// that are hard to read or cannot travel reject their own call faithfully; the worker lives on.
import assert from "node:assert/strict";
import { Pool } from "../../mod.ts";
import { pid, rejectOdd, throwOdd } from "../fixtures/odd_outcomes.ts";
import { runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

const TASKS = new URL("../fixtures/odd_outcomes.ts", import.meta.url).href;
const MOD = new URL("../../mod.ts", import.meta.url).href;
const ISOLATIONS = ["thread", "process"] as const;

// Each case: the task's export name, its argument, and what `await` gives locally.
const THENABLES = [
  ["lazyThenable", 5],
  ["unrulyThenable", 5],
  ["throwingThenable", 0],
  ["throwingThenGetter", 0],
  ["nestedThenable", 7],
] as const;

/** Settles `value` as a local `await` would, as text. */
async function settled(value: () => unknown): Promise<string> {
  try {
    return `value ${JSON.stringify(await value())}`;
  } catch (error) {
    return `error ${(error as Error).name}: ${(error as Error).message}`;
  }
}

// A thenable that settles twice used to send two results for one call, which crashed the
// parent: these run in a child process.
const CHILD = `
import { Pool } from "${MOD}";
const module = "${TASKS}";
const cases = ${JSON.stringify(THENABLES)};
const settled = ${settled.toString()};
const out = {};
for (const isolation of ["thread", "process"]) {
  const pool = new Pool({ processes: 1, module, isolation });
  const worker = await pool.apply("pid");
  for (const [name, arg] of cases) {
    out[isolation + " " + name] = await settled(() => pool.apply(name, [arg]));
  }
  out[isolation + " map"] = await settled(() => pool.map("chunkThenable", [1, 2, 3, 4], { chunksize: 4 }));
  out[isolation + " same worker"] = (await pool.apply("pid")) === worker;
  await pool.close();
}
console.log("RESULT " + JSON.stringify(out));
`;

Deno.test("a task's non-native thenable settles its call once, as await would, in both isolations", async () => {
  const local = await import("../fixtures/odd_outcomes.ts") as unknown as Record<
    string,
    (x: number) => unknown
  >;
  const child = await runChild(CHILD, { timeoutMs: 60_000 });
  const line = child.stdout.split("\n").find((text) => text.startsWith("RESULT "));
  assert.ok(line, `the child finished (code ${child.code}): ${child.stderr.slice(-1500)}`);
  const results = JSON.parse(line.slice(7)) as Record<string, unknown>;
  let matched = 0;
  for (const isolation of ISOLATIONS) {
    for (const [name, arg] of THENABLES) {
      const want = await settled(() => local[name]!(arg));
      assert.equal(results[`${isolation} ${name}`], want, `${name} (${isolation})`);
      matched++;
    }
    assert.equal(results[`${isolation} map`], "value [3,6,9,12]");
    assert.equal(results[`${isolation} same worker`], true);
  }
  await reportRow("faults", "hostile thenables", {
    injected: "tasks returning thenables that resolve late, call back synchronously and twice, " +
      "throw from then, have a throwing then getter, resolve with a thenable; threads and processes",
    outcome: `${matched}/${THENABLES.length * 2} calls settled exactly as a local await; ` +
      `parent alive (child exit ${child.code}); worker kept`,
  });
});

const THROWN = [
  "undefined",
  "null",
  "symbol",
  "proxy",
  "revoked",
  "toString",
  "message",
  "stack",
  "function",
] as const;

/** Checks the rejection for `kind`; returns how it arrived. */
function checkThrown(kind: (typeof THROWN)[number], thrown: unknown): string {
  switch (kind) {
    case "undefined":
    case "null":
      assert.equal(thrown, kind === "null" ? null : undefined, "travels as thrown");
      return "as thrown";
    case "message":
      assert.ok(thrown instanceof Error);
      assert.match(thrown.message, /message could not be read: Error: message getter exploded/);
      return "Error saying what could not be read";
    case "stack":
      assert.ok(thrown instanceof TypeError);
      assert.equal(thrown.message, "stackless");
      return "same class and message";
    default: {
      assert.ok(thrown instanceof TypeError, `${kind}: ${String(thrown)}`);
      const what = {
        symbol: /the symbol Symbol\(odd\)/,
        proxy: /an object \(a Proxy\?\) that throws when it is inspected.*\(Error: trap\)/,
        revoked: /an object \(a Proxy\?\).*revoked/,
        toString: /an object \(Object\) whose text cannot be read/,
        function: /an anonymous function/,
      }[kind];
      assert.match(thrown.message, what);
      assert.match(thrown.message, /cannot be sent back to the caller/);
      assert.match(thrown.message, /throw an Error/);
      return "TypeError describing it";
    }
  }
}

Deno.test("an odd thrown value rejects its own call faithfully and the worker lives on, in both isolations", async () => {
  const arrivals = new Map<string, number>();
  for (const isolation of ISOLATIONS) {
    await using pool = new Pool({ processes: 1, module: TASKS, isolation });
    const worker = await pool.apply(pid);
    for (const kind of THROWN) {
      for (const task of [throwOdd, rejectOdd]) {
        const thrown = await pool.apply(task, [kind]).then(
          () => assert.fail(`${kind}: the call was fulfilled`),
          (reason: unknown) => reason,
        );
        const how = checkThrown(kind, thrown);
        arrivals.set(how, (arrivals.get(how) ?? 0) + 1);
        assert.equal(
          await pool.apply(pid),
          worker,
          `${kind} (${isolation}): the same worker runs the next call`,
        );
      }
    }
  }
  const calls = THROWN.length * 2 * ISOLATIONS.length;
  await reportRow("faults", "hostile thrown values", {
    injected: `tasks throwing and rejecting with ${THROWN.join(", ")} (a Proxy with throwing ` +
      "traps, a revoked Proxy, an object whose toString throws, Errors with throwing getters); " +
      "threads and processes",
    outcome: `${calls}/${calls} calls rejected: ` +
      [...arrivals].map(([how, count]) => `${count} ${how}`).join(", ") +
      "; the same worker ran the next call every time",
  });
});
