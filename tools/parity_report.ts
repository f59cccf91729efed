/**
 * `deno task report:parity`: runs the ports in `tests/python_parity/` and writes, per CPython test
 * class, how many tests can apply here, are ported and pass, and every test's status, to
 * docs/python_parity.md (the README links to it). Failing ports count as failing.
 * @module
 */
import { CPYTHON_CLASSES } from "./parity/catalog.ts";
import { parseResults, summarize } from "./parity/summary.ts";
import { fail, runTests, STAMP, writeReport } from "./_report_block.ts";

const { output } = await runTests(["tests/python_parity/"]);
const summaries = summarize(CPYTHON_CLASSES, parseResults(output));
if (summaries.every((s) => s.ported === 0)) fail(output, "no ported test ran: nothing to report");

const total = (field: "tests" | "apply" | "ported" | "pass"): number =>
  summaries.reduce((sum, s) => sum + s[field], 0);
const notApplying = Map.groupBy(
  summaries.filter((s) => s.apply === 0),
  (s) => s.notApplicable ?? "every test is Python-specific",
);
const block = [
  `From \`deno task report:parity\` (${STAMP}): of the ${total("tests")} tests in ` +
  `${summaries.length} classes of CPython's \`Lib/test/_test_multiprocessing.py\`, ` +
  `${total("apply")} can apply here; ${total("ported")} are ported to \`tests/python_parity/\` ` +
  `and ${total("pass")} of them pass. Every test with its status and, where it cannot apply, ` +
  `the reason: below the table.`,
  "",
  "| CPython class | tests | can apply | ported | pass |",
  "| --- | --: | --: | --: | --: |",
  ...summaries.filter((s) => s.apply > 0)
    .map((s) => `| \`${s.name}\` | ${s.tests} | ${s.apply} | ${s.ported} | ${s.pass} |`),
  "",
  "Classes that cannot apply, by reason:",
  "",
  ...[...notApplying].map(([why, group]) =>
    `- ${why}: ${group.map((s) => `\`${s.name}\``).join(", ")}`
  ),
].join("\n");

const details = summaries.flatMap((s) => [
  `## \`${s.name}\``,
  "",
  ...[...s.statuses].map(([test, { status, why }]) =>
    `- \`${test}\`: ${status}${why === undefined ? "" : ` (${why})`}`
  ),
  "",
]);
const doc = ["# CPython's multiprocessing tests, ported", "", block, "", ...details].join("\n");
await writeReport("docs/python_parity.md", doc);
console.log(
  `${total("pass")} of ${total("ported")} ported tests pass (${total("apply")} can apply, ` +
    `${total("tests")} in all); written to docs/python_parity.md`,
);
