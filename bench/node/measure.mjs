/**
 * What the Node peers and the npm peers run in Deno measure, the same way in both runtimes:
 * start-up to the first result of a new 2-worker pool, then the median of sequential awaited
 * round trips. Each pool library is an adapter `{ start(), run(x), close() }`.
 * @module
 */

/** The adapters of the four Node pool libraries, given the modules the caller imported. */
export function adapters(libs, here) {
  const file = (name) => new URL(name, here);
  return {
    piscina: () => {
      const pool = new libs.piscina.Piscina({
        filename: file("task.mjs").href,
        minThreads: 2,
        maxThreads: 2,
      });
      return { run: (x) => pool.run(x), close: () => pool.destroy() };
    },
    tinypool: () => {
      const pool = new libs.tinypool.Tinypool({
        filename: file("task.mjs").href,
        minThreads: 2,
        maxThreads: 2,
      });
      return { run: (x) => pool.run(x), close: () => pool.destroy() };
    },
    poolifier: () => {
      const pool = new libs.poolifier.FixedThreadPool(2, file("poolifier_task.mjs").pathname);
      return { run: (x) => pool.execute(x), close: () => pool.destroy() };
    },
    workerpool: () => {
      const pool = libs.workerpool.pool(file("workerpool_task.mjs").pathname, {
        minWorkers: 2,
        maxWorkers: 2,
        workerType: "thread",
      });
      return { run: (x) => pool.exec("inc", [x]), close: () => pool.terminate() };
    },
  };
}

/** How long a started pool is left before it is closed, untimed. */
const SETTLE_MS = 300;

function median(values) {
  const sorted = values.toSorted((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Throws unless the pool answered x + 1: a figure over a wrong answer means nothing. */
function expect(value, x) {
  if (value !== x + 1) throw new Error(`the pool returned ${value} for ${x}, expected ${x + 1}`);
}

/**
 * `mode` "startup": ms from just before making the pool to its first result; "roundtrip": the
 * median µs of `trips` sequential awaited calls after `warm` untimed ones. Closes the pool.
 */
export async function measure(makePool, mode, trips, warm) {
  const begin = performance.now();
  const pool = makePool();
  try {
    expect(await pool.run(1), 1);
    const startupMs = performance.now() - begin;
    if (mode === "startup") {
      // Untimed: let the other worker finish loading; Node 20 can abort (SIGABRT) when a worker
      // is terminated in the middle of loading its modules.
      await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
      return { startup_ms: startupMs };
    }
    for (let i = 0; i < warm; i++) expect(await pool.run(i), i);
    const times = new Array(trips);
    for (let i = 0; i < trips; i++) {
      const t0 = performance.now();
      const value = await pool.run(i);
      times[i] = (performance.now() - t0) * 1000;
      expect(value, i);
    }
    return { trip_us: median(times) };
  } finally {
    await pool.close();
  }
}

/** Parses `POOL MODE [TRIPS WARM]`, throwing on anything else. */
export function parseArgs(args, known) {
  const [name, mode, trips = "1000", warm = "200"] = args;
  if (!known.includes(name) || !["startup", "roundtrip"].includes(mode)) {
    throw new TypeError(
      `usage: POOL MODE [TRIPS WARM] with POOL one of ${known.join(", ")} and MODE startup or ` +
        `roundtrip, received ${JSON.stringify(args)}`,
    );
  }
  return { name, mode, trips: Number(trips), warm: Number(warm) };
}
