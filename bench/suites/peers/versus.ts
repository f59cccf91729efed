/**
 * Figures of bench:peers: a contender's figure from the children's runs, and multiproc's figure
 * against its peer, with the target a ratio to the peer's median in the same run and the line
 * it adds to the README's table (`--markdown`).
 *
 * @module
 */
import { type Figure, figure, type Target, type Unit } from "../../harness/figure.ts";
import type { Stat } from "../../harness/stats.ts";
import type { Turns } from "./contenders.ts";

/** The summary of value `name` of contender `id`, or null when it did not run (or failed). */
export function statOf(turns: Turns, id: string, name: string): Stat | null {
  return turns.stats[id]?.[name] ?? null;
}

/** A peer's or a floor's figure, or null when it did not run. */
export function plain(
  id: string,
  label: string,
  unit: Unit,
  summary: Stat | null,
  role = "peer",
): Figure | null {
  return summary === null ? null : figure({ id, label, unit, summary, role });
}

/** A target as a ratio to another figure's median: `{ kind: "max", times: 0.8 }` ≤ 0.8× it. */
export interface RatioTarget {
  readonly kind: "min" | "max";
  readonly times: number;
}

/** What the README's table shows of a figure: its row name and its peer. */
export interface Headline {
  readonly figure: string;
  readonly peer: string | null;
  readonly peerMedian: number | null;
  readonly target: string;
}

/** What {@linkcode versus} is given. */
export interface VersusFields {
  readonly id: string;
  readonly label: string;
  readonly unit: Unit;
  readonly summary: Stat | null;
  /** The figure of the target's ratio, named `peerName`; null when it did not run. */
  readonly peer: Figure | null;
  readonly peerName: string;
  readonly ratio?: RatioTarget;
  /** A fixed target instead of a ratio (locked increments ≥ 15 M/s). */
  readonly fixed?: Target;
  /** Other figures to print the speed-up over. */
  readonly also?: readonly { name: string; figure: Figure | null }[];
  /** The row of the README's table, when this figure is one. */
  readonly headline?: string;
}

const sign = (kind: "min" | "max"): string => kind === "min" ? "≥" : "≤";

/** multiproc's figure against `peer`, or null when multiproc's own runs failed. */
export function versus(fields: VersusFields): Figure | null {
  const { id, label, unit, summary, peer, peerName, ratio, fixed, also = [] } = fields;
  if (summary === null) return null;
  const target: Target | null = fixed ?? (ratio === undefined || peer === null ? null : {
    kind: ratio.kind,
    value: ratio.times * peer.summary.median,
    source: `${ratio.times}× ${peerName}, this run`,
  });
  const targetText = fixed !== undefined
    ? `${sign(fixed.kind)} ${fixed.source ?? fixed.value}`
    : ratio === undefined
    ? "—"
    : `${sign(ratio.kind)} ${ratio.times}× ${peerName}`;
  const headline: Headline | undefined = fields.headline === undefined ? undefined : {
    figure: fields.headline,
    peer: peer?.label ?? null,
    peerMedian: peer?.summary.median ?? null,
    target: targetText,
  };
  return figure({
    id,
    label,
    unit,
    summary,
    target,
    compare: [{ name: peerName, figure: peer }, ...also],
    ...(headline === undefined ? {} : { extra: { headline } }),
  });
}

/** The figures that ran, in order. */
export function present(...figures: (Figure | null)[]): Figure[] {
  return figures.filter((f) => f !== null);
}

/** One note per contender that failed, with why. */
export function failureNotes(turns: Turns): string[] {
  return Object.entries(turns.errors).map(([id, why]) => `${id} failed and was left out: ${why}`);
}
