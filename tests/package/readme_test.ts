// The README and the pages under docs/ point only at what exists in this repository: every link
// resolves to a file here (and its #anchor to a heading there), nothing points outside the
// repository, and every `deno task` and repository path they name exists.
import assert from "node:assert/strict";

const ROOT = new URL("../../", import.meta.url);
const PAGES = [
  "README.md",
  ...[...Deno.readDirSync(new URL("docs/", ROOT))]
    .filter((entry) => entry.isFile && entry.name.endsWith(".md"))
    .map((entry) => `docs/${entry.name}`),
];
const TASKS = new Set(
  Object.keys(JSON.parse(Deno.readTextFileSync(new URL("deno.json", ROOT))).tasks),
);

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to dashes. */
function anchorOf(heading: string): string {
  return heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
}

function anchors(page: string): Set<string> {
  const text = Deno.readTextFileSync(new URL(page, ROOT));
  return new Set(
    text.split("\n").filter((line) => /^#{1,6} /.test(line))
      .map((line) => anchorOf(line.replace(/^#+ /, ""))),
  );
}

/** The page's text outside fenced code blocks. */
function prose(page: string): string {
  return Deno.readTextFileSync(new URL(page, ROOT)).replace(/^```[^]*?^```/gm, "");
}

for (const page of PAGES) {
  Deno.test(`${page}: every link resolves inside the repository`, () => {
    const problems: string[] = [];
    for (const [, target] of prose(page).matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/.test(target!)) continue; // a web address
      const [path, anchor] = target!.split("#") as [string, string | undefined];
      const url = path === "" ? new URL(page, ROOT) : new URL(path, new URL(page, ROOT));
      if (!url.href.startsWith(ROOT.href)) {
        problems.push(`${target} points outside the repository`);
        continue;
      }
      try {
        Deno.statSync(url);
      } catch {
        problems.push(`${target}: no such file`);
        continue;
      }
      const file = url.href.slice(ROOT.href.length);
      if (anchor !== undefined && file.endsWith(".md") && !anchors(file).has(anchor)) {
        problems.push(`${target}: no heading with that anchor in ${file}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  Deno.test(`${page}: every deno task and repository path it names exists`, () => {
    const text = Deno.readTextFileSync(new URL(page, ROOT));
    const problems: string[] = [];
    for (const [, task] of text.matchAll(/deno(?:@[\d.]+)? task ([\w:-]+)(?![\w:<-])/g)) {
      if (!TASKS.has(task!)) problems.push(`deno task ${task}: no such task in deno.json`);
    }
    const paths = /`((?:examples|docs|lib|tests|bench|tools)\/[\w./-]*\w|[\w-]+\.ts)`/g;
    for (const [, path] of text.matchAll(paths)) {
      if (!path!.includes("/") && !["mod.ts", "numeric.ts", "cluster_worker.ts"].includes(path!)) {
        continue; // a file name alone is not a repository path
      }
      try {
        Deno.statSync(new URL(path!, ROOT));
      } catch {
        problems.push(`${path}: no such file or folder`);
      }
    }
    assert.deepEqual(problems, []);
  });
}

Deno.test("the README points at nothing outside the repository", () => {
  const text = Deno.readTextFileSync(new URL("README.md", ROOT));
  assert.doesNotMatch(text, /\.\.\/shared|\/work\//);
});
