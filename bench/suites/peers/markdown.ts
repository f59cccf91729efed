/**
 * The README's performance table from a run of bench:peers (`--markdown FILE`): one row per
 * figure that has a headline, `figure | multiproc | peer | ratio | target`.
 *
 * @module
 */
import { type Figure, formatValue, type Section } from "../../harness/figure.ts";
import type { Headline } from "./versus.ts";

/** A median with its unit: "41.2 ms", "36,512 messages/s". */
function withUnit(value: number, unit: Figure["unit"]): string {
  return `${formatValue(value, unit)} ${unit}`;
}

/** One row of the table, or null when `f` is not a headline figure. */
function row(f: Figure): string | null {
  const headline = f.extra?.headline as Headline | undefined;
  if (headline === undefined) return null;
  const ours = withUnit(f.summary.median, f.unit);
  const peer = headline.peer === null || headline.peerMedian === null
    ? "— (not run)"
    : `${headline.peer} ${withUnit(headline.peerMedian, f.unit)}`;
  const ratio = headline.peerMedian === null
    ? "—"
    : `${(f.summary.median / headline.peerMedian).toFixed(2)}×`;
  const verdict = f.pass === null ? "" : f.pass ? " PASS" : " MISS";
  const cells = [headline.figure, ours, peer, ratio, `${headline.target}${verdict}`];
  return `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
}

/** The table, with a line on what the ratio is and the run it came from. */
export function markdownTable(sections: readonly Section[], run: string): string {
  const rows = sections.flatMap((s) => s.figures).map(row).filter((r) => r !== null);
  return [
    "| figure | multiproc | peer | ratio | target |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `ratio: multiproc's median ÷ the peer's, in the figure's unit (times: lower is better; ` +
    `rates: higher is better). ${run}`,
    "",
  ].join("\n");
}
