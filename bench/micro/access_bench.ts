/**
 * `deno task bench:access`: what one access to shared memory costs on this thread, to back the
 * choices in `lib/shared/value.ts` (plain reads and writes), `lib/shared/futex.ts` (one atomic
 * step per lock and unlock) and `lib/shared/guarded.ts` (try/finally rather than `using`). Each case does 1,000 accesses per iteration; the baseline
 * is the plain access.
 *
 * @module
 */
const ACCESSES = 1_000;
const cells = new Int32Array(new SharedArrayBuffer(8));
let sink = 0;

Deno.bench("plain load and store, Int32Array on a SharedArrayBuffer", { baseline: true }, () => {
  for (let i = 0; i < ACCESSES; i++) {
    sink += cells[0]!;
    cells[0] = i & 7;
  }
});

Deno.bench("Atomics.load and plain store", () => {
  for (let i = 0; i < ACCESSES; i++) {
    sink += Atomics.load(cells, 0);
    cells[0] = i & 7;
  }
});

Deno.bench("plain load and Atomics.store", () => {
  for (let i = 0; i < ACCESSES; i++) {
    sink += cells[0]!;
    Atomics.store(cells, 0, i & 7);
  }
});

Deno.bench("Atomics.compareExchange then Atomics.exchange (a lock and unlock)", () => {
  for (let i = 0; i < ACCESSES; i++) {
    Atomics.compareExchange(cells, 1, 0, 5);
    Atomics.exchange(cells, 1, 0);
  }
});

Deno.bench("the same with a store of the owner in a second cell each way (two-cell mutex)", () => {
  for (let i = 0; i < ACCESSES; i++) {
    Atomics.compareExchange(cells, 1, 0, 5);
    Atomics.store(cells, 0, 5);
    Atomics.store(cells, 0, 0);
    Atomics.exchange(cells, 1, 0);
  }
});

function lock(): void {
  Atomics.compareExchange(cells, 1, 0, 5);
}
function unlock(): void {
  Atomics.exchange(cells, 1, 0);
}

Deno.bench("lock and unlock around a store, in try/finally", () => {
  for (let i = 0; i < ACCESSES; i++) {
    lock();
    try {
      cells[0] = i & 7;
    } finally {
      unlock();
    }
  }
});

Deno.bench("lock and unlock around a store, with a disposable per call (`using`)", () => {
  for (let i = 0; i < ACCESSES; i++) {
    lock();
    using _held = { [Symbol.dispose]: unlock };
    cells[0] = i & 7;
  }
});
