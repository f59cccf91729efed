/**
 * Section of the pool benchmark: the count of values in a range, per row of a seeded matrix,
 * with map, starmap and one apply per row, against the serial loop on the main thread.
 *
 * @module
 */
import { RandomState } from "../../../mod.ts";
import { figure, formatInt } from "../../harness/figure.ts";
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

/** Seconds to count per row: the serial loop, then multiproc's map, starmap and apply. */
export async function countRows(p: Parameters, s: PoolSizes): Promise<Section> {
  const { rows: n, columns } = s;
  const rows = matrixRows(p, s);
  const { low, high } = s.counted;
  const tuples = rows.map((row): [number[], number, number] => [row, low, high]);
  const expected = rows.map((row) => countBetween(row, low, high));
  const total = expected.reduce((a, b) => a + b, 0);

  const serial = figure({
    id: "count.serial",
    label: "serial loop, main thread",
    unit: "s",
    summary: await repeat(p, () => seconds(expected, () => Promise.resolve(rows.map(countRow)))),
  });

  const targetSeconds = 0.5 * n / FULL.rows;
  const figures = await usePool(startPool(s.workers), async (pool) => [
    serial,
    figure({
      id: "count.map",
      label: "multiproc map, default chunksize",
      unit: "s",
      summary: await repeat(p, () => seconds(expected, () => pool.map(countRow, rows))),
      compare: [{ name: "serial", figure: serial }],
    }),
    figure({
      id: "count.starmap",
      label: "multiproc starmap, default chunksize",
      unit: "s",
      summary: await repeat(
        p,
        () => seconds(expected, () => pool.starmap(countBetween, tuples)),
      ),
      compare: [{ name: "serial", figure: serial }],
    }),
    figure({
      id: "count.apply",
      label: "multiproc apply per row in Promise.all",
      unit: "s",
      summary: await repeat(
        p,
        () => seconds(expected, () => Promise.all(rows.map((row) => pool.apply(countRow, [row])))),
      ),
      target: { kind: "max", value: targetSeconds },
      compare: [{ name: "serial", figure: serial }],
    }),
  ]);
  const notes = [
    `seed ${p.seed}: randint(${s.matrix.low}, ${s.matrix.high}, [${formatInt(n)}, ${columns}]); ` +
    `${formatInt(total)} values in [${low}, ${high}] (checked for every method)`,
  ];
  if (p.quick) {
    notes.push(
      `target scaled to the quick size: 0.5 s × ${formatInt(n)} / ${formatInt(FULL.rows)} rows`,
    );
  }
  return {
    title: `Count values in [${low}, ${high}] per row over ${formatInt(n)} rows as number[][] ` +
      `(seconds)`,
    figures,
    notes,
  };
}
