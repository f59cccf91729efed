// Idle workers: a pool in a program that stays alive (a server, a timer) keeps its workers and
// their module state through pauses, while a script that never closes its pool still exits,
// because idle workers do not keep the process running (lib/worker/_idle_release.ts).
import assert from "node:assert/strict";
import { type Isolation, Pool } from "../../mod.ts";
import { countInitializer, visit } from "../fixtures/idle_tasks.ts";
import { canRelease, defaultIdleTimeout } from "../../lib/worker/_idle_release.ts";
import { parseOutcome, runChild } from "../_child.ts";
import { reportRow } from "../_report.ts";

// The pool alone: mod.ts would also load mathjs, seconds of start-up per child on a busy machine.
const MOD = new URL("../../lib/pool/mod.ts", import.meta.url).href;
const TASKS = new URL("../fixtures/idle_tasks.ts", import.meta.url).href;
const RELEASE = new URL("../../lib/worker/_idle_release.ts", import.meta.url).href;
// A child that does not exit by itself is killed here; a prompt exit takes a few seconds of
// start-up on a loaded machine at most.
const DEADLINE_MS = 30_000;
// The former default idleTimeout was 1000 ms, counted by a timer that re-arms once if calls
// came meanwhile: a worker was stopped 1 to 2 s into a pause. A pause longer than both.
const PAUSE_MS = 2_500;

interface Exit {
  readonly code: number | null;
  /** From the script's last line to its unload event; null if it never got there. */
  readonly lingerMs: number | null;
  readonly visit: { initializerRuns: number; calls: number } | null;
  readonly stderr: string;
}

/** Runs a script that uses a pool once and never closes it, and times how it ends. */
async function runWithoutClose(
  options: string,
  { disableRelease = false } = {},
): Promise<Exit> {
  const disable = disableRelease
    ? `import { disableIdleRelease } from "${RELEASE}";\ndisableIdleRelease();`
    : "";
  const outcome = await runChild(
    `import { Pool } from "${MOD}";
     import { countInitializer, visit as visitTask } from "${TASKS}";
     ${disable}
     const pool = new Pool({
       processes: 2, module: "${TASKS}", initializer: countInitializer, ${options}
     });
     const visit = await pool.apply(visitTask);
     let last = 0;
     addEventListener("unload", () => {
       console.log("OUTCOME " + JSON.stringify({ visit, lingerMs: performance.now() - last }));
     });
     last = performance.now();`,
    { timeoutMs: DEADLINE_MS },
  );
  if (outcome.code !== 0) {
    return { code: outcome.code, lingerMs: null, visit: null, stderr: outcome.stderr };
  }
  const { visit, lingerMs } = parseOutcome(outcome.stdout, outcome.stderr) as Exit;
  return { code: 0, lingerMs: Math.round(lingerMs!), visit, stderr: outcome.stderr };
}

Deno.test("this Deno lets idle workers be released, so idleTimeout defaults to Infinity", () => {
  // Fails on a Deno whose Worker lacks the reference-count method: idle workers then hold the
  // process again, with the 1000 ms default (see the fallback test below).
  assert.equal(canRelease(), true, "Deno's Worker reference-count method was not found");
  assert.equal(defaultIdleTimeout(), Infinity);
});

Deno.test("a script that never closes its pool exits on its own, whatever its idleTimeout", async () => {
  const cases = [
    ["threads, default idleTimeout", ""],
    ["threads, idleTimeout: Infinity", "idleTimeout: Infinity"],
    ["threads, idleTimeout: 2 ** 31", "idleTimeout: 2 ** 31"],
    ["processes, default idleTimeout", 'isolation: "process"'],
    ["processes, idleTimeout: Infinity", 'isolation: "process", idleTimeout: Infinity'],
  ] as const;
  const exits = await Promise.all(cases.map(([, options]) => runWithoutClose(options)));
  const lingers: number[] = [];
  cases.forEach(([name], i) => {
    const exit = exits[i]!;
    assert.equal(exit.code, 0, `${name}: the script should exit by itself; ${exit.stderr}`);
    assert.deepEqual(exit.visit, { initializerRuns: 1, calls: 1 }, name);
    // Loose: a prompt exit takes milliseconds, but the machine may be loaded.
    assert.ok(exit.lingerMs! < 5_000, `${name}: exited ${exit.lingerMs} ms after its last line`);
    lingers.push(exit.lingerMs!);
  });
  await reportRow("faults", "pool never closed", {
    injected: "scripts that never call close(): threads with idleTimeout default, Infinity and " +
      "2^31 ms, processes with the default and Infinity",
    outcome: `${exits.length} of ${cases.length} exited on their own, ` +
      `${Math.min(...lingers)}–${Math.max(...lingers)} ms after their last line`,
  });
});

Deno.test("where idle workers cannot be released, the 1000 ms idleTimeout default still ends a script", async () => {
  const exit = await runWithoutClose("", { disableRelease: true });
  assert.equal(exit.code, 0, `the idle workers should stop after the default: ${exit.stderr}`);
  // The old mechanism: the process lives on until the idle timer stops the workers.
  assert.ok(exit.lingerMs! >= 500, `exited ${exit.lingerMs} ms after its last line`);
});

for (const isolation of ["thread", "process"] as const satisfies readonly Isolation[]) {
  Deno.test(`a pool kept alive by a timer keeps its ${isolation} worker across a 2.5 s pause`, async () => {
    await using pool = new Pool({
      processes: 1,
      module: TASKS,
      initializer: countInitializer,
      isolation,
    });
    assert.deepEqual(await pool.apply(visit), { initializerRuns: 1, calls: 1 });
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    const started = performance.now();
    const after = await pool.apply(visit);
    const latencyMs = Math.round(performance.now() - started);
    // A replacement worker would have run the initializer again and counted from zero.
    assert.deepEqual(after, { initializerRuns: 1, calls: 2 }, "the same worker answered");
    await reportRow("loads", `idle pause (${isolation})`, {
      injected: `a call, a ${PAUSE_MS} ms pause (the former idleTimeout was 1000 ms) while a ` +
        "timer keeps the process alive, another call",
      outcome: `same worker kept: initializer ran ${after.initializerRuns} time(s), ` +
        `${after.calls} calls counted; the call after the pause took ${latencyMs} ms`,
    });
  });
}

Deno.test("a released worker holds the process again while it runs a task", async () => {
  // Without the hold, the top-level await below would end the script with an error: nothing
  // else keeps it running while the task sleeps in the worker.
  await Promise.all(["thread", "process"].map(async (isolation) => {
    const outcome = await runChild(
      `import { Pool } from "${MOD}";
       const pool = new Pool({ processes: 1, module: "${TASKS}", isolation: "${isolation}" });
       await pool.apply("visit");
       await new Promise((resolve) => setTimeout(resolve, 200)); // released meanwhile
       console.log("OUTCOME " + JSON.stringify(await pool.apply("sleepThen", [500, "held"])));`,
      { timeoutMs: DEADLINE_MS },
    );
    assert.equal(outcome.code, 0, `${isolation}: ${outcome.stderr}`);
    assert.equal(parseOutcome(outcome.stdout, outcome.stderr), "held", isolation);
  }));
});

Deno.test("idleTimeout accepts 0 to Infinity and rejects anything else naming the option", async () => {
  for (const idleTimeout of [0, 1, 2 ** 40, Infinity]) {
    const pool = new Pool({ processes: 1, idleTimeout });
    await pool.terminate();
  }
  for (const idleTimeout of [-1, Number.NaN, "1000", null]) {
    assert.throws(
      () => new Pool({ processes: 1, idleTimeout: idleTimeout as number }),
      (error: Error) => error instanceof RangeError && /idleTimeout/.test(error.message),
    );
  }
});
