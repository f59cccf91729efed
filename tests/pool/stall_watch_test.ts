// The stall watch on its own, with executors played by plain objects: when it holds a worker
// back as stuck, and when it must not. A worker held back wrongly gets no unit again: with both
// of a pool's workers so, every later call waited for ever.
import assert from "node:assert/strict";
import { StallWatch } from "../../lib/pool/_stall_watch.ts";
import type { Executor, Unit } from "../../lib/worker/executor.ts";

/** An executor as the watch sees it: how far it got, what it owes, what it gives back. */
interface Played {
  alive: boolean;
  passedCount: number;
  owes: number;
  unstarted: Unit[];
}

function played(passedCount: number, owes: number, unstarted: Unit[] = []): Played {
  return { alive: true, passedCount, owes, unstarted };
}

function setup(workers: Played[]): {
  watch: StallWatch;
  handles: Executor[];
  requeued: Unit[][];
} {
  const handles = workers.map((worker) =>
    ({
      get alive() {
        return worker.alive;
      },
      passed: () => worker.passedCount,
      takeBack: () => worker.unstarted.splice(0),
    }) as unknown as Executor
  );
  const requeued: Unit[][] = [];
  const watch = new StallWatch({
    slots: handles,
    pendingOf: (handle) => workers[handles.indexOf(handle)]!.owes,
    wantsUnits: () => true,
    requeue: (units) => requeued.push(units),
  }, () => 10);
  return { watch, handles, requeued };
}

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unit = { index: 0 } as unknown as Unit;

Deno.test("a worker stuck in its running unit loses the units behind it and gets no new ones", async () => {
  const stuck = played(5, 2, [unit]);
  const { watch, handles, requeued } = setup([stuck, played(0, 0)]);
  watch.arm();
  await tick(40);
  assert.deepEqual(requeued, [[unit]]);
  assert.ok(watch.isStalled(handles[0]!), "held back while stuck");
  assert.ok(!watch.isStalled(handles[1]!));
  stuck.passedCount = 6; // it moved on (it skipped the unit taken back)
  assert.ok(!watch.isStalled(handles[0]!), "free again once it moved on");
  watch.stop();
});

Deno.test("a worker that answered all it held before the check is not held back", async () => {
  // Its two units had both started when the check was armed (passed = all it was sent), and
  // their results arrive before the check: it has nothing left to move on to.
  const done = played(7, 2);
  const { watch, handles } = setup([done, played(0, 0)]);
  watch.arm();
  done.owes = 0;
  await tick(40);
  assert.ok(!watch.isStalled(handles[0]!), "an idle worker was held back as stuck");
  watch.stop();
});

Deno.test("a worker held back whose answers then arrive is free again without moving on", async () => {
  // The check fired while its results were still on their way: nothing was taken back.
  const late = played(7, 2);
  const { watch, handles } = setup([late, played(0, 0)]);
  watch.arm();
  await tick(40);
  late.owes = 0; // the results arrive; it has passed nothing new, and never will until fed
  assert.ok(!watch.isStalled(handles[0]!), "an idle worker stayed held back for good");
  watch.stop();
});
