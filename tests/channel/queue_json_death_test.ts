// Chaos on the queue's JSON path: writers of JSON text records terminated mid-put leave no torn
// or half-published value, and the others go on (the node:v8 path's twin: queue_death_test.ts).
import assert from "node:assert/strict";
import { runChild } from "../_child.ts";

const CHAOS = new URL("./_json_chaos.ts", import.meta.url).href;

Deno.test("writers of JSON values terminated at seeded random moments: each value arrives whole, each writer's in order with no gap, and the survivor's all arrive", async () => {
  const outcome = await runChild(
    `import { jsonChaos } from "${CHAOS}";
     for (const seed of [4, 5, 6]) console.log((await jsonChaos(seed)).join("\\n"));
     console.log("end");`,
    { timeoutMs: 90_000, until: "end" },
  );
  const report = outcome.stdout + outcome.stderr;
  assert.doesNotMatch(outcome.stdout, /FAIL/, report);
  assert.equal(outcome.stdout.match(/^seed \d: values per writer/gm)?.length, 3, report);
});
