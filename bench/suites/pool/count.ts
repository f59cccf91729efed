/**
 * Section of the pool benchmark: the count of values in a range, per row of a seeded matrix,
 * with map, starmap and one apply per row, against the serial loop on the main thread.
 *
 * @module
 */
import type { Pool } from "../../../mod.ts";
import { RandomState } from "../../../numeric.ts";
import { type Figure, figure, formatInt, type Target } from "../../harness/figure.ts";
import { check, repeat, timed } from "../../harness/stats.ts";
import { countBetween, countRow } from "./work.ts";
import { startPool, usePool } from "./pools.ts";
import { FULL } from "./sizes.ts";
import type { Section } from "../../harness/figure.ts";
import type { Parameters } from "../../harness/suite.ts";
import type { PoolSizes } from "./sizes.ts";

/** Seconds taken by `run`, whose per-row counts must equal `expected`. */
async function seconds(expected: readonly number[], run: () => Promise<number[]>): Promise<number> {
  const { result: out, seconds: s } = await timed(run);
  check(
    out.length === expected.length && out.every((v, i) => v === expected[i]),
    "per-row counts differ from the serial ones",
  );
  return s;
}

/** The matrix's rows as `number[]`, the form the pool's methods are given. */
function matrixRows(p: Parameters, s: PoolSizes): number[][] {
  const { rows: n, columns } = s;
  const matrix = new RandomState(p.seed).randint(s.matrix.low, s.matrix.high, [n, columns]);
  const rows: number[][] = [];
  for (let r = 0; r < n; r++) {
    rows.push(Array.from(matrix.data.subarray(r * columns, (r + 1) * columns)));
  }
  return rows;
}

/** The figures of multiproc's map, starmap and one apply per row, against `serial`. */
async function poolFigures(
  pool: Pool,
  p: Parameters,
  s: PoolSizes,
  rows: number[][],
  expected: readonly number[],
  serial: Figure,
): Promise<Figure[]> {
  const { low, high } = s.counted;
  const tuples = rows.map((row): [number[], number, number] => [row, low, high]);
  const contender = async (
    [id, label]: [string, string],
    run: () => Promise<number[]>,
    target: Target | null = null,
  ) =>
    figure({
      id,
      label,
      unit: "s",
      summary: await repeat(p, () => seconds(expected, run)),
      target,
      compare: [{ name: "serial", figure: serial }],
    });
  return [
    await contender(
      ["count.map", "multiproc map, default chunksize"],
      () => pool.map(countRow, rows),
    ),
    await contender(
      ["count.starmap", "multiproc starmap, default chunksize"],
      () => pool.starmap(countBetween, tuples),
    ),
    await contender(
      ["count.apply", "multiproc apply per row in Promise.all"],
      () => Promise.all(rows.map((row) => pool.apply(countRow, [row]))),
      { kind: "max", value: 0.5 * s.rows / FULL.rows },
    ),
  ];
}

/** Seconds to count per row: the serial loop, then multiproc's map, starmap and apply. */
export async function countRows(p: Parameters, s: PoolSizes): Promise<Section> {
  const rows = matrixRows(p, s);
  const { low, high } = s.counted;
  const expected = rows.map((row) => countBetween(row, low, high));
  const total = expected.reduce((a, b) => a + b, 0);
  const serial = figure({
    id: "count.serial",
    label: "serial loop, main thread",
    unit: "s",
    summary: await repeat(p, () => seconds(expected, () => Promise.resolve(rows.map(countRow)))),
  });
  const figures = await usePool(
    startPool(s.workers),
    (pool) => poolFigures(pool, p, s, rows, expected, serial),
  );
  const n = formatInt(s.rows);
  return {
    title: `Count values in [${low}, ${high}] per row over ${n} rows as number[][] (seconds)`,
    figures: [serial, ...figures],
    notes: [
      `seed ${p.seed}: randint(${s.matrix.low}, ${s.matrix.high}, [${n}, ${s.columns}]); ` +
      `${formatInt(total)} values in [${low}, ${high}] (checked for every method)`,
      ...(p.quick
        ? [`target scaled to the quick size: 0.5 s × ${n} / ${formatInt(FULL.rows)} rows`]
        : []),
    ],
  };
}
