/**
 * Tells a worker that could not start from one that died at work, so that a pool whose workers
 * cannot start (no read permission for the worker script or the task module, a module that
 * throws or exits at its top level, an initializer that throws) stops replacing them instead of
 * starting workers without end.
 *
 * A worker failed to start when it died before it began any unit and before it sent any result.
 * After {@linkcode START_FAILURE_LIMIT} such deaths in a row, with no worker starting in between,
 * the pool gives up: it starts no replacement on its own, and calls that no running worker can
 * take reject with {@linkcode StartFailures.error}, which carries the last cause. A later call
 * is a fresh attempt: the pool then starts one worker for it (never more than one at a time
 * while it has given up; calls arriving meanwhile wait for that worker). If that worker starts
 * (it begins a unit or answers one), the pool works as before and refills its slots; if it fails
 * too, the calls waiting for it reject with the new cause, and the next call tries again. So the
 * number of workers started is bounded by the calls made, never by time.
 *
 * @module
 */
import type { Death, Executor } from "../worker/executor.ts";
import { deathReason } from "./_deaths.ts";
import { permissionHint } from "../worker/_permission_hint.ts";

/** Start failures in a row, with no worker started in between, after which a pool gives up. */
export const START_FAILURE_LIMIT = 3;

/** Counts a pool's workers that failed to start, in a row. */
export class StartFailures {
  // Executors known to have started: a later death of theirs is not a start failure.
  readonly #started = new WeakSet<Executor>();
  #inARow = 0;
  #lastName = "";
  #lastCause: unknown = null;
  #lastWhy = "";

  /** Whether the pool has given up starting workers on its own. */
  get gaveUp(): boolean {
    return this.#inARow >= START_FAILURE_LIMIT;
  }

  /** `executor` began or answered a unit: it started, so the count begins again. */
  noteStarted(executor: Executor): void {
    if (this.#started.has(executor)) return;
    this.#started.add(executor);
    this.#inARow = 0;
    this.#lastCause = null;
  }

  /** Records `executor`'s death; returns true if it died before it started. */
  noteDeath(executor: Executor, death: Death): boolean {
    if (this.#started.has(executor)) return false;
    if (death.started.length > 0) {
      this.noteStarted(executor);
      return false;
    }
    this.#inARow++;
    this.#lastName = executor.name;
    this.#lastCause = death.cause;
    this.#lastWhy = death.cause instanceof Error
      ? death.cause.message
      : deathReason(death.reason) + (death.exitCode === null ? "" : ` (code ${death.exitCode})`);
    return true;
  }

  /** The error for the calls that no worker is left to run once the pool has given up. */
  error(): Error {
    return new Error(
      `pool workers could not start: ${this.#inARow} in a row ended before running any task; ` +
        `the last, ${this.#lastName}, because ${this.#lastWhy}${
          permissionHint(this.#lastCause)
        }. ` +
        "The pool stopped replacing them, and calls no running worker can take reject with this " +
        "error; the next call tries to start one worker again",
      { cause: this.#lastCause },
    );
  }
}
