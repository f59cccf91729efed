/**
 * A one-line progress bar on stderr, `[#####.....] 12/40 pipe (workers 2, run 3)`, redrawn in
 * place with `\r`. Silent when stderr is not a terminal, so logs and pipes stay clean.
 *
 * @module
 */

/** The bar's text for `done` of `total` steps: `[####......] 4/10 label`. */
export function progressLine(done: number, total: number, label: string, width = 20): string {
  const share = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(share * width);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${done}/${total} ${label}`;
}

/** What a step is, for the label: `pool (workers 2, run 3)`, `pool (workers 2, warm-up, python)`. */
export function stepLabel(
  exercise: string,
  workers: number,
  run: number,
  python: boolean,
): string {
  const which = run < 0 ? "warm-up" : `run ${run + 1}`;
  return `${exercise} (workers ${workers}, ${which}${python ? ", python" : ""})`;
}

/** Where the bar is drawn; a fake one in tests. */
export interface ProgressSink {
  write(text: string): void;
  /** Columns of the terminal, or null when unknown. */
  columns(): number | null;
}

const stderrSink: ProgressSink = {
  write(text) {
    Deno.stderr.writeSync(new TextEncoder().encode(text));
  },
  columns() {
    try {
      return Deno.consoleSize().columns;
    } catch {
      return null;
    }
  },
};

/** A progress bar over `total` steps; every method does nothing when `enabled` is false. */
export class Progress {
  #done = 0;
  #total: number;
  #shown = false;

  constructor(
    total: number,
    readonly enabled: boolean,
    readonly sink: ProgressSink = stderrSink,
  ) {
    this.#total = total;
  }

  /** A bar on stderr, shown only when stderr is a terminal and `quiet` is false. */
  static forStderr(total: number, quiet: boolean): Progress {
    return new Progress(total, !quiet && Deno.stderr.isTerminal());
  }

  /** Steps in all. */
  get total(): number {
    return this.#total;
  }

  /** Takes `steps` that will not run (after a failure) off the total. */
  drop(steps: number): void {
    this.#total = Math.max(this.#done, this.#total - Math.max(0, steps));
  }

  /** Steps finished so far. */
  get done(): number {
    return this.#done;
  }

  /** Shows the step about to run. */
  start(label: string): void {
    if (!this.enabled) return;
    let line = progressLine(this.#done, this.#total, label);
    const columns = this.sink.columns();
    if (columns !== null && columns >= 20 && line.length >= columns) {
      line = line.slice(0, columns - 1);
    }
    // \x1b[K clears what a longer previous line left to the right.
    this.sink.write(`\r${line}\x1b[K`);
    this.#shown = true;
  }

  /** Counts one step as finished. */
  step(): void {
    this.#done++;
  }

  /** Removes the bar, e.g. before printing a line. */
  clear(): void {
    if (!this.enabled || !this.#shown) return;
    this.sink.write("\r\x1b[K");
    this.#shown = false;
  }

  /** Prints a line on stderr without leaving the bar in the middle of it. */
  note(text: string): void {
    this.clear();
    console.error(text);
  }
}
