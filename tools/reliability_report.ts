/**
 * `deno task report:reliability`: runs the fault, bad-input and load tests with `MULTIPROC_REPORT`
 * set, so each appends a row of what it injected and what happened (measured in that run), then
 * writes the table to docs/reliability.md (the README links to it).
 * @module
 */
import type { ReportRow } from "../tests/_report.ts";
import { fail, runTests, STAMP, writeReport } from "./_report_block.ts";

const TESTS = ["tests/pool", "tests/shared", "tests/channel"];
const SECTIONS: Record<ReportRow["section"], string> = {
  faults: "Faults injected",
  inputs: "Bad inputs tried",
  loads: "Loads held",
};

const rowsFile = await Deno.makeTempFile({ suffix: ".jsonl" });
const { success, output } = await runTests(TESTS, { MULTIPROC_REPORT: rowsFile });
const summary = output.match(/(ok|FAILED) \| (\d+) passed[^|]*\| (\d+) failed/);
const rows = (await Deno.readTextFile(rowsFile)).split("\n").filter(Boolean)
  .map((line) => JSON.parse(line) as ReportRow);
await Deno.remove(rowsFile);
if (!success || summary === null) {
  fail(output, "the tests failed: the report would not be true, so nothing was written");
}

const cell = (text: string): string => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const tables = Object.entries(SECTIONS).map(([section, title]) =>
  [`**${title}**`, "", "| case | what was done | outcome |", "| --- | --- | --- |"]
    .concat(
      rows.filter((row) => row.section === section)
        .map((row) => `| ${cell(row.name)} | ${cell(row.injected)} | ${cell(row.outcome)} |`),
    )
    .join("\n")
);
const block = [
  `From \`deno task report:reliability\` (the tests in ${TESTS.join(", ")}, run with the report ` +
  `on: ${summary[2]} passed, ${summary[3]} failed) · ${STAMP}`,
  "",
  tables.join("\n\n"),
].join("\n");

const doc = `# Reliability report\n\n${block}\n`;
await writeReport("docs/reliability.md", doc);
console.log(`${rows.length} rows written to docs/reliability.md`);
