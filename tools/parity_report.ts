/**
 * `deno task report:parity`: runs the ports of CPython's multiprocessing tests
 * (`tests/python_parity/`) and writes, per CPython test class, how many of its tests can apply
 * here, how many are ported and how many pass: a table in the README between the `parity`
 * markers, and every test with its status in docs/python_parity.md. Failing ports are reported
 * as failing, never left out.
 *
 * @module
 */
import { CPYTHON_CLASSES } from "./parity/catalog.ts";
import { type ClassSummary, parseResults, summarize } from "./parity/summary.ts";
import { writeReport } from "./_report_block.ts";

const DOC = new URL("../docs/python_parity.md", import.meta.url);

const output = await new Deno.Command(Deno.execPath(), {
  args: ["test", "-A", "tests/python_parity/"],
  env: { NO_COLOR: "1" },
  stdout: "piped",
  stderr: "inherit",
}).output();
const testOutput = new TextDecoder().decode(output.stdout);
const summaries = summarize(CPYTHON_CLASSES, parseResults(testOutput));
if (summaries.every((s) => s.ported === 0)) {
  console.error(testOutput.split("\n").slice(-40).join("\n"));
  throw new Error("no ported test ran: nothing to report");
}

const total = (field: "tests" | "apply" | "ported" | "pass") =>
  summaries.reduce((sum, s) => sum + s[field], 0);
const applying = summaries.filter((s) => s.apply > 0);
const row = (s: ClassSummary) =>
  `| \`${s.name}\` | ${s.tests} | ${s.apply} | ${s.ported} | ${s.pass} |`;
const byReason = Map.groupBy(
  summaries.filter((s) => s.apply === 0),
  (s) => s.notApplicable ?? "every test is Python-specific",
);
const notApplying = [...byReason].map(([why, group]) =>
  `- ${why}: ${group.map((s) => `\`${s.name}\``).join(", ")}`
);
const stamp = `Deno ${Deno.version.deno} · ${navigator.hardwareConcurrency} CPUs · ` +
  new Date().toISOString().slice(0, 10);
const block = [
  `From \`deno task report:parity\` (${stamp}): of the ${total("tests")} tests in ` +
  `${summaries.length} classes of CPython's \`Lib/test/_test_multiprocessing.py\`, ` +
  `${total("apply")} can apply here; ${total("ported")} are ported to \`tests/python_parity/\` ` +
  `and ${total("pass")} of them pass. Every test with its status and, where it cannot apply, ` +
  `the reason: [docs/python_parity.md](docs/python_parity.md).`,
  "",
  "| CPython class | tests | can apply | ported | pass |",
  "| --- | --: | --: | --: | --: |",
  ...applying.map(row),
  "",
  "Classes that cannot apply, by reason:",
  "",
  ...notApplying,
].join("\n");

const details = summaries.flatMap((s) => [
  `## \`${s.name}\``,
  "",
  ...[...s.statuses].map(([test, { status, why }]) =>
    `- \`${test}\`: ${status}${why === undefined ? "" : ` (${why})`}`
  ),
  "",
]);
await writeReport("parity", block, {
  url: DOC,
  text: ["# CPython's multiprocessing tests, ported", "", block, "", ...details].join("\n"),
});
console.log(
  `${total("pass")} of ${total("ported")} ported tests pass (${total("apply")} can apply, ` +
    `${total("tests")} in all); written to docs/python_parity.md and README.md`,
);
