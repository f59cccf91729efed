/**
 * `deno task bench:access`: one access to shared memory on this thread, 1,000 per iteration, for
 * the choices of `lib/shared/value.ts` (plain access), `lib/shared/futex.ts` (one atomic step per
 * lock and unlock) and `lib/shared/guarded.ts` (try/finally rather than `using`).
 *
 * @module
 */
const ACCESSES = 1_000;
const cells = new Int32Array(new SharedArrayBuffer(8));
const lock = (): number => Atomics.compareExchange(cells, 1, 0, 5);
const unlock = (): number => Atomics.exchange(cells, 1, 0);
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
