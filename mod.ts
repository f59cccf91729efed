/**
 * multiproc: Python's `multiprocessing` for Deno. Pools and processes run on Web Workers (or child
 * `deno` processes); tasks are exports of a module (sent by name) or self-contained functions
 * (sent as source).
 *
 * This face holds the multiprocessing half and loads no math code. Its sections, each also a
 * subpath export of its own:
 * - `./pool`: {@linkcode Pool}, {@linkcode AsyncResult}, the pool's options
 *   ({@linkcode PoolOptions}, {@linkcode MapOptions}), and {@linkcode currentTask} and
 *   {@linkcode checkCancelled} for task code.
 * - `./process`: {@linkcode Process}, {@linkcode currentProcess}, {@linkcode parentProcess},
 *   {@linkcode activeChildren}, {@linkcode cpuCount}, {@linkcode wait}.
 * - `./shared`: {@linkcode SharedValue}, {@linkcode SharedArray}, {@linkcode RawValue},
 *   {@linkcode RawArray}, {@linkcode Lock}, {@linkcode RLock}, {@linkcode Semaphore},
 *   {@linkcode BoundedSemaphore}, {@linkcode Condition}, {@linkcode Event}, {@linkcode Barrier},
 *   {@linkcode registerClass}.
 * - `./channel`: {@linkcode Pipe}, {@linkcode Connection}, {@linkcode Queue},
 *   {@linkcode SimpleQueue}, {@linkcode JoinableQueue}.
 * - `./errors`: the named errors ({@linkcode WorkerDiedError}, {@linkcode TimeoutError},
 *   {@linkcode PoolClosedError}, {@linkcode AbortError}, {@linkcode Empty}, {@linkcode Full}, …).
 *
 * The numpy/scipy/jax kit (arrays, `dot`, `RandomState`, `compile`, `quad`, `timeit`) is the other
 * face, `numeric.ts` (the `./numeric` export).
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { Pool } from "./mod.ts";
 * await using pool = new Pool({ processes: 2 });
 * assert.deepEqual(await pool.map((x: number) => x + 1, [1, 2, 3]), [2, 3, 4]);
 * ```
 *
 * @module
 */
export {
  type AsyncCallbacks,
  AsyncResult,
  type CallOptions,
  checkCancelled,
  type ClusterOptions,
  currentTask,
  type Isolation,
  type IsolationOptions,
  type LimitOptions,
  type MapOptions,
  type PathPermissionValue,
  type PermissionsOption,
  type PermissionValue,
  Pool,
  type PoolOptions,
  type TaskContext,
} from "./lib/pool/mod.ts";
export {
  activeChildren,
  cpuCount,
  currentProcess,
  type ParentProcess,
  parentProcess,
  Process,
  type ProcessInfo,
  type ProcessOptions,
  Sentinel,
  wait,
  type Waitable,
} from "./lib/process/mod.ts";
export {
  Barrier,
  type BarrierOptions,
  type BigTypecode,
  BoundedSemaphore,
  type ClassObject,
  Condition,
  Event,
  type Guarded,
  Lock,
  RawArray,
  RawValue,
  registerClass,
  RLock,
  Semaphore,
  SharedArray,
  type SharedOptions,
  type SharedTypedArray,
  SharedValue,
  type Typecode,
  type ValueOf,
} from "./lib/shared/mod.ts";
export {
  Connection,
  JoinableQueue,
  Pipe,
  Queue,
  type QueueOptions,
  SimpleQueue,
} from "./lib/channel/mod.ts";
export {
  AbortError,
  BrokenBarrierError,
  BrokenPipeError,
  Empty,
  EOFError,
  Full,
  OwnerDiedError,
  PoolClosedError,
  ShutDown,
  TimeoutError,
  WorkerDiedError,
} from "./lib/errors.ts";
