/**
 * numpy-style arrays beside numpy: each elementwise op on 1e6 float64 with a new result and with
 * `out`, the seed polynomial as a chain of them, sin/cos/exp/log, sin + cos, and a 100×100 dot,
 * timed by children/numpy_child.ts and bench/python/peers_numpy.py, a new process each per run.
 *
 * @module
 */
import { type Figure, formatInt, type Section } from "../../harness/figure.ts";
import { takeTurns } from "./contenders.ts";
import { deno, type PeersParameters, python } from "./programs.ts";
import { failureNotes, plain, present, type RatioTarget, statOf, versus } from "./versus.ts";

/** Each op, how it is written, and its target as a ratio to numpy's time. */
const OPS: readonly [string, string, RatioTarget | null][] = [
  ["add", "add(x, y)", { kind: "max", times: 1 }],
  ["subtract", "subtract(x, y)", { kind: "max", times: 1 }],
  ["multiply", "multiply(x, y)", { kind: "max", times: 1 }],
  ["divide", "divide(x, y)", { kind: "max", times: 1 }],
  ["power", "pow(x, y)", { kind: "max", times: 1 }],
  ["chain", "seed polynomial, mul/add chain", { kind: "max", times: 1 }],
  ["sin", "sin(x)", { kind: "max", times: 1.2 }],
  ["cos", "cos(x)", { kind: "max", times: 1.2 }],
  ["exp", "exp(x)", { kind: "max", times: 1.2 }],
  ["log", "log(x)", { kind: "max", times: 1.2 }],
  ["sincos", "add(sin(x), cos(x))", null],
  ["dot", "dot(a, b), 100×100", null],
];
const WITH_OUT = new Set([
  "add",
  "subtract",
  "multiply",
  "divide",
  "power",
  "chain",
  "sincos",
  "dot",
]);

/** µs per call of every op, multiproc against numpy, and dot's new result against `out`. */
export async function numpySection(p: PeersParameters): Promise<Section> {
  const n = p.sizes.elements;
  // No warm-up round: each child warms every op itself before its measured run.
  const turns = await takeTurns({ ...p, warmup: 0 }, [
    deno("multiproc", "numpy_child.ts", [n, p.seed]),
    ...python(p, "numpy", "peers_numpy.py", ["--elements", n, "--seed", p.seed], true),
  ]);
  const figures: Figure[] = [];
  for (const [op, code, ratio] of OPS) {
    for (const name of WITH_OUT.has(op) ? [op, `${op}_out`] : [op]) {
      const out = name.endsWith("_out") ? " with out" : "";
      const peer = plain(
        `numpy.${name}_numpy`,
        `numpy ${p.peers.numpy} ${code}${out}`,
        "µs",
        statOf(turns, "numpy", name),
      );
      const ours = versus({
        id: `numpy.${name}`,
        label: `multiproc ${code}${out}`,
        unit: "µs",
        summary: statOf(turns, "multiproc", name),
        peer,
        peerName: "numpy",
        ...(ratio === null ? {} : { ratio }),
        headline: `${code}${out}${op === "dot" ? "" : `, ${formatInt(n)} float64`}`,
      });
      figures.push(...present(peer, ours));
    }
  }
  const dotOut = figures.find((f) => f.id === "numpy.dot_out") ?? null;
  figures.push(
    ...present(versus({
      id: "numpy.dot_new_vs_out",
      label: "multiproc dot(a, b), new result, against with out",
      unit: "µs",
      summary: statOf(turns, "multiproc", "dot"),
      peer: dotOut,
      peerName: "dot with out",
      ratio: { kind: "max", times: 1.1 },
      headline: "100×100 `dot`, new result against `out`",
    })),
  );
  return {
    title: `numpy-style arrays on ${formatInt(n)} float64 and a 100×100 dot (µs per call)`,
    figures,
    notes: [
      `x, y = RandomState(${p.seed}).rand(${n}) twice; a, b = RandomState(${p.seed}).rand(100, ` +
      "100) twice; each side checks that with out gives the same bits as without",
      "each process times every op once after a warm-up run that sizes its loop (%timeit's " +
      "rule, runs of at least 20 ms); the public numeric.ts, so whatever lib/ lands shows here",
      "numpy's dot is OpenBLAS's, on as many threads as cores: when other processes keep the " +
      "cores busy its threads wait for each other, and its time grows far more than ours",
      ...failureNotes(turns),
    ],
  };
}
