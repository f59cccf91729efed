/**
 * The lines on other processes' CPU use before and during a run.
 * @module
 */

/** A share of all cores as a percentage, or "unknown". */
export function percent(share: number | null): string {
  return share === null ? "unknown" : `${Math.round(share * 100)}%`;
}

/** The line on other processes' CPU use during a run, warning when the machine was not idle. */
export function loadLine(share: number | null, aside: string): string {
  return `\nother processes' CPU use during the run: ${percent(share)} of all cores${aside}` +
    (share !== null && share > 0.1
      ? " · warning: the machine was not idle; figures are slower and noisier than they should be"
      : "");
}
