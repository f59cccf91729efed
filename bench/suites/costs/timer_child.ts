/**
 * One fresh program for the costs suite's timer section (`timers.ts`): `timeout` times the
 * program's first `setTimeout(…, 1)` from the call to its callback, then a second one; `wait`
 * times the program's first `Atomics.waitAsync` with a 1 ms timeout (what the library's timers
 * use), from the call to its settling. Prints one JSON line of milliseconds.
 *
 * Run: `deno run -A bench/suites/costs/timer_child.ts timeout|wait`.
 *
 * @module
 */

/** What `timeout` prints: the first and the second `setTimeout(…, 1)` (ms from call to run). */
export interface TimeoutDelays {
  readonly first: number;
  readonly second: number;
}

/** Milliseconds from `setTimeout(…, 1)` to its callback. */
async function timeoutDelay(): Promise<number> {
  const began = performance.now();
  await new Promise<void>((resolve) => setTimeout(resolve, 1));
  return performance.now() - began;
}

/** Milliseconds from `Atomics.waitAsync(cell, 0, 0, 1)` to its timing out. */
async function waitAsyncDelay(): Promise<number> {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  // A wait does not keep the program running, as a timer does: a listening port does.
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = () => {};
  try {
    const began = performance.now();
    const wait = Atomics.waitAsync(cell, 0, 0, 1);
    const outcome = wait.async ? await wait.value : wait.value;
    if (outcome !== "timed-out") throw new Error(`Atomics.waitAsync gave "${outcome}"`);
    return performance.now() - began;
  } finally {
    port1.close();
    port2.close();
  }
}

if (import.meta.main) {
  const [mode] = Deno.args;
  if (mode === "timeout") {
    const first = await timeoutDelay();
    const second = await timeoutDelay();
    console.log(JSON.stringify({ first, second } satisfies TimeoutDelays));
  } else if (mode === "wait") {
    console.log(JSON.stringify(await waitAsyncDelay()));
  } else {
    throw new TypeError(`usage: timer_child.ts timeout|wait, received ${JSON.stringify(mode)}`);
  }
}
