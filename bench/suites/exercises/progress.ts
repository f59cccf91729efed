/**
 * A one-line progress bar on stderr, `[#####.....] 12/40 pipe (workers 2, run 3)`, redrawn in
 * place with `\r`. Silent when stderr is not a terminal, so logs and pipes stay clean.
 *
 * @module
 */

/**
 * The bar's text for `done` of `total` steps: `[####......] 4/10 label`.
 *
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * if (progressLine(1, 2, "pool", 4) !== "[##..] 1/2 pool") throw new Error("bar");
 * ```
 */
export function progressLine(done: number, total: number, label: string, width = 20): string {
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label}`;
}

/** What a step is: `pool (workers 2, run 3)`, `pool (workers 2, warm-up, python)`. */
export function stepLabel(exercise: string, workers: number, run: number, python: boolean): string {
  const which = run < 0 ? "warm-up" : `run ${run + 1}`;
  return `${exercise} (workers ${workers}, ${which}${python ? ", python" : ""})`;
}

function columns(): number | null {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return null;
  }
}

/** A progress bar over `total` steps; every method draws nothing when `enabled` is false. */
export class Progress {
  #done = 0;
  #total: number;
  #shown = false;

  constructor(total: number, readonly enabled: boolean) {
    this.#total = total;
  }

  /** A bar on stderr, shown only when stderr is a terminal and `quiet` is false. */
  static forStderr(total: number, quiet: boolean): Progress {
    return new Progress(total, !quiet && Deno.stderr.isTerminal());
  }

  /** Steps finished so far. */
  get done(): number {
    return this.#done;
  }

  /** Takes `steps` that will not run (after a failure) off the total. */
  drop(steps: number): void {
    this.#total = Math.max(this.#done, this.#total - Math.max(0, steps));
  }

  /** Shows the step about to run. */
  start(label: string): void {
    if (!this.enabled) return;
    const width = columns();
    const line = progressLine(this.#done, this.#total, label);
    // \x1b[K clears what a longer previous line left to the right.
    this.#write(`\r${width !== null && width >= 20 ? line.slice(0, width - 1) : line}\x1b[K`);
    this.#shown = true;
  }

  /** Counts one step as finished. */
  step(): void {
    this.#done++;
  }

  /** Removes the bar, e.g. before printing a line. */
  clear(): void {
    if (!this.enabled || !this.#shown) return;
    this.#write("\r\x1b[K");
    this.#shown = false;
  }

  /** Prints a line on stderr without leaving the bar in the middle of it. */
  note(text: string): void {
    this.clear();
    console.error(text);
  }

  #write(text: string): void {
    Deno.stderr.writeSync(new TextEncoder().encode(text));
  }
}
