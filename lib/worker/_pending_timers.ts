// Which timers of this thread are still due and keep it alive: a Process waits for them after its
// target returns, as a Deno program waits for its timers before it exits and as Python waits for
// a child's non-daemon threads. A timer given to `Deno.unrefTimer` is left out, as a Deno program
// leaves it out (and as Python leaves out daemon threads). Installed by the worker and child
// scripts before any task code runs; each thread has its own count.
//
// Only the global setTimeout / setInterval are seen: node:timers and I/O a target started but did
// not await are not, so a target awaits the I/O it wants finished.

type TimerId = number;

const pending = new Set<TimerId>();
// Due timers that Deno.unrefTimer left out; Deno.refTimer puts one back.
const unreferenced = new Set<TimerId>();
const waiters: Array<() => void> = [];
let installed = false;
let checkScheduled = false;

type SetTimer = (callback: unknown, delay?: number, ...args: unknown[]) => TimerId;
type ClearTimer = (id?: TimerId) => void;
const scope = globalThis as unknown as Record<string, unknown>;
const realSetTimeout = scope.setTimeout as SetTimer;
const realClearTimeout = scope.clearTimeout as ClearTimer;

function forget(id: TimerId): void {
  pending.delete(id);
  unreferenced.delete(id);
  scheduleCheck();
}

// Checked one macrotask later, so a callback's promise chain that arms the next timer in a
// microtask is seen before the thread counts as idle.
function scheduleCheck(): void {
  if (checkScheduled || waiters.length === 0 || pending.size > 0) return;
  checkScheduled = true;
  nextMacrotask(() => {
    checkScheduled = false;
    if (pending.size > 0) return;
    for (const wake of waiters.splice(0)) wake();
  });
}

// Taken before task code runs, which may replace them.
const RealMessageChannel = MessageChannel;
const portPost = MessagePort.prototype.postMessage;
const portClose = MessagePort.prototype.close;

/**
 * Runs `task` in the next macrotask, after every microtask queued now. A message to itself on a
 * channel of its own, not `setTimeout(task, 0)`: Deno fires a zero timer a millisecond or more
 * later (2-4 ms measured here, on every Process's way to its end), a message in tenths of one.
 * Both ports are closed once it is delivered: nothing is left to keep the thread running.
 */
function nextMacrotask(task: () => void): void {
  const { port1, port2 } = new RealMessageChannel();
  port1.onmessage = () => {
    Reflect.apply(portClose, port1, []);
    task();
  };
  Reflect.apply(portPost, port2, [null]);
  Reflect.apply(portClose, port2, []);
}

/** Wraps this thread's global timer functions to keep count; once per thread. */
export function trackTimers(): void {
  if (installed) return;
  installed = true;
  const realSetInterval = scope.setInterval as SetTimer;
  const realClearInterval = scope.clearInterval as ClearTimer;
  scope.setTimeout = (callback: unknown, delay?: number, ...args: unknown[]): TimerId => {
    if (typeof callback !== "function") return realSetTimeout(callback, delay);
    const id: TimerId = realSetTimeout(
      (...given: unknown[]) => {
        forget(id);
        (callback as (...a: unknown[]) => void)(...given);
      },
      delay,
      ...args,
    );
    pending.add(id);
    return id;
  };
  scope.setInterval = (callback: unknown, delay?: number, ...args: unknown[]): TimerId => {
    const id = realSetInterval(callback, delay, ...args);
    if (typeof callback === "function") pending.add(id);
    return id;
  };
  scope.clearTimeout = (id?: TimerId): void => {
    realClearTimeout(id);
    if (id !== undefined) forget(id);
  };
  scope.clearInterval = (id?: TimerId): void => {
    realClearInterval(id);
    if (id !== undefined) forget(id);
  };
  const deno = (globalThis as { Deno?: { unrefTimer?: unknown; refTimer?: unknown } }).Deno;
  if (deno === undefined || typeof deno.unrefTimer !== "function") return;
  const realUnref = deno.unrefTimer as (id: TimerId) => void;
  const realRef = deno.refTimer as (id: TimerId) => void;
  deno.unrefTimer = (id: TimerId): void => {
    realUnref(id);
    if (pending.delete(id)) unreferenced.add(id);
    scheduleCheck();
  };
  deno.refTimer = (id: TimerId): void => {
    realRef(id);
    if (unreferenced.delete(id)) pending.add(id);
  };
}

/** How many timers of this thread are due and not unref'd. */
export function pendingTimerCount(): number {
  return pending.size;
}

/** Resolves once this thread has no due timer left that is not unref'd. */
export function timersSettled(): Promise<void> {
  return new Promise((resolve) => {
    waiters.push(resolve);
    scheduleCheck();
  });
}
