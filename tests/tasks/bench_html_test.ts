/**
 * Tests of `deno task bench --html`: the page of the benchmark charts, rendered from a small
 * synthetic results object and from the committed `docs/bench.json`, its flags, and the
 * screenshot module's pure parts. Only the last test runs Chromium, and only when it is found.
 */
import assert from "node:assert/strict";
import { findChromium } from "../../tools/_chromium.ts";
import { parseBenchArgs } from "../../tasks/bench/exercises/args.ts";
import {
  parallelExercises,
  reportCharts,
  speedupFile,
} from "../../tasks/bench/exercises/charts.ts";
import { htmlReport, inlineHtml, splitRows } from "../../tasks/bench/exercises/html.ts";
import { seriesFigures, stat } from "../../tasks/bench/exercises/series.ts";
import { inlineSvg } from "../../tasks/bench/exercises/_svg_parts.ts";
import type { BenchResults, ExerciseResult } from "../../tasks/bench/exercises/types.ts";
import {
  measuringCopy,
  pngSize,
  screenshot,
  screenshotPathFor,
} from "../../tasks/bench/screenshot.ts";

const ROOT = new URL("../../", import.meta.url);

// ——— a small results object ———

function parallel(name: string, python: boolean): ExerciseResult {
  const at = (workers: number, p: number) => ({
    workers,
    figures: seriesFigures(
      [{ serial: 1, parallel: p }, { serial: 1, parallel: p * 1.1 }],
      python ? [{ serial: 2, parallel: 2 * p }, { serial: 2, parallel: 2 * p }] : [null, null],
    ),
    speedup: stat([1 / p, 1 / (p * 1.1)]),
    pythonSpeedup: python ? stat([1 / p, 1 / p]) : null,
    seconds: 1,
  });
  return {
    name,
    script: `examples/${name}.ts`,
    title: `${name} in parallel`,
    status: "ok",
    notes: [],
    parallelFigure: "parallel",
    serialFigure: "serial",
    python: {
      status: python ? "ok" : "no counterpart",
      script: `bench/python/exercises/${name}.py`,
      version: python ? "3.11.7" : null,
      error: null,
    },
    series: [at(1, 1), at(2, 0.6), at(4, 0.4)],
    seconds: 3,
  };
}

function serialOnly(): ExerciseResult {
  return {
    name: "where",
    script: "examples/where.ts",
    title: "where(x > 0, sin(x), cos(x))",
    status: "ok",
    notes: [],
    parallelFigure: null,
    serialFigure: null,
    python: {
      status: "not requested",
      script: "bench/python/exercises/where.py",
      version: null,
      error: null,
    },
    series: [{
      workers: 2,
      figures: seriesFigures([{ kernel: 2e-6 }, { kernel: 3e-6 }], [null, null]),
      speedup: null,
      pythonSpeedup: null,
      seconds: 0.1,
    }],
    seconds: 0.1,
  };
}

function results(python = true): BenchResults {
  return {
    schema: "multiproc-bench/1",
    args: ["--python", "--filter", "<a&b>"],
    environment: {
      deno: "2.9.6",
      v8: "15.0",
      typescript: "6.0.3",
      os: "linux",
      arch: "x86_64",
      target: "x86_64-unknown-linux-gnu",
      osRelease: "6.1",
      cpuModel: "Test CPU",
      hardwareConcurrency: 3,
      memoryGiB: 8,
      gitCommit: "abc1234",
      date: "2026-01-02T03:04:05.000Z",
      loadAverage: null,
    },
    parameters: {
      runs: 2,
      warmup: 1,
      quick: false,
      seed: 7,
      workers: 2,
      workerCounts: null,
      filter: "<a&b>",
      python,
    },
    python: python ? { executable: "/usr/bin/python3", version: "3.11.7" } : null,
    cpu: { othersBefore: null, othersDuring: null },
    exercises: [
      parallel("pool", python),
      serialOnly(),
      parallel("pipe", false),
      {
        ...serialOnly(),
        name: "dot",
        status: "skipped",
        notes: ["no `benchmark` export yet"],
        series: [],
      },
    ],
    seconds: 9,
  };
}

// ——— well-formedness ———

const VOID = new Set(["meta", "link", "br", "img", "input", "hr", "base", "wbr", "source"]);

/**
 * Checks the page is well-formed: after a doctype, every element is closed in order (void HTML
 * elements excepted, `/>` allowed inside SVG), attribute values are quoted and escaped, text has
 * no stray `<` or `&`, and ids are unique. Returns the elements in document order.
 */
function parseHtml(html: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const elements: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const stack: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const ids = new Set<string>();
  const token =
    /<!--[\s\S]*?-->|<!DOCTYPE html>|<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/y;
  let doctype = false;
  while (token.lastIndex < html.length) {
    const start = token.lastIndex;
    const m = token.exec(html);
    assert.ok(m !== null, `not well-formed at ${start}: ${html.slice(start, start + 80)}`);
    if (m[0] === "<!DOCTYPE html>") {
      assert.ok(!doctype && elements.length === 0, "one doctype, before any element");
      doctype = true;
      continue;
    }
    if (m[0].startsWith("<!--")) continue;
    const [, closing, name, attrText, selfClosing, text] = m;
    if (text !== undefined) {
      const inStyle = stack.at(-1)?.name === "style";
      if (!inStyle) assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(text), `unescaped & in ${text}`);
      if (stack.length === 0) assert.match(text, /^\s*$/, "text outside <html>");
      else stack.at(-1)!.text += text;
      continue;
    }
    if (closing === "/") {
      const open = stack.pop();
      assert.equal(open?.name, name, `</${name}> closes <${open?.name}> at ${start}`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText!.matchAll(/([\w:-]+)="([^"]*)"/g)) {
      assert.ok(!(a[1]! in attrs), `duplicate attribute ${a[1]}`);
      assert.ok(!/&(?!(amp|lt|gt|quot|apos);)/.test(a[2]!), `unescaped & in ${a[2]}`);
      attrs[a[1]!] = a[2]!;
    }
    if (attrs.id !== undefined) {
      assert.ok(!ids.has(attrs.id), `id "${attrs.id}" twice`);
      ids.add(attrs.id);
    }
    const element = { name: name!, attrs, text: "" };
    elements.push(element);
    const inSvg = stack.some((e) => e.name === "svg");
    if (selfClosing === "/") assert.ok(inSvg || VOID.has(name!), `<${name}/> outside SVG`);
    else if (!VOID.has(name!)) stack.push(element);
  }
  assert.ok(doctype, "a doctype");
  assert.equal(stack.length, 0, `unclosed: ${stack.map((e) => e.name).join(", ")}`);
  assert.equal(elements[0]?.name, "html");
  return elements;
}

/** The `<svg>` elements' titles, each with the id of the `<figure>` around it. */
function chartTitles(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (
    const m of html.matchAll(
      /<figure[^>]* id="([^"]+)">\n<svg [^>]*>\n<title id="([^"]+)">([^<]*)</g,
    )
  ) {
    assert.equal(m[2], `${m[1]}-title`, "the title's id is the figure's, suffixed");
    out.set(m[1]!, m[3]!);
  }
  return out;
}

// ——— the page ———

Deno.test("htmlReport(): one speed-up chart per exercise with a parallel figure, and the Python chart", () => {
  const page = htmlReport(results(), "bench.json");
  parseHtml(page);
  const titles = chartTitles(page);
  assert.deepEqual([...titles.keys()], [
    "bench-python",
    "bench-speedup-pool",
    "bench-speedup-pipe",
  ]);
  assert.equal(titles.get("bench-speedup-pool"), "Speed-up of pool against worker count");
  assert.equal(titles.get("bench-speedup-pipe"), "Speed-up of pipe against worker count");
  assert.match(titles.get("bench-python")!, /^Deno against Python/);
  assert.equal((page.match(/<svg /g) ?? []).length, 3);
  assert.equal((page.match(/<\/svg>/g) ?? []).length, 3);
});

Deno.test("htmlReport(): the charts are the Markdown report's, inlined with their ids made unique", () => {
  const r = results();
  const page = htmlReport(r);
  for (const [file, svg] of reportCharts(r)) {
    const id = file.replace(/\.svg$/, "");
    const inlined = inlineSvg(svg, id);
    assert.ok(page.includes(inlined), `${file} inlined as written for the report`);
    assert.ok(!inlined.includes("deno-fmt-ignore"));
    assert.match(inlined, new RegExp(`aria-labelledby="${id}-title ${id}-desc"`));
  }
  assert.ok(!page.includes('id="title"'), "no chart keeps the bare id");
});

Deno.test("htmlReport(): the environment line names Deno, the cores, the parameters and the commit", () => {
  const page = htmlReport(results());
  const env = /<p class="env">(.*)<\/p>/.exec(page)?.[1];
  assert.ok(env !== undefined, "an environment line");
  assert.equal(
    env,
    "Deno 2.9.6 · linux x86_64 · Test CPU, 3 logical cores · Python 3.11.7 · seed 7 · 1 warm-up + " +
      "2 measured runs · 2 workers · filter <code>&lt;a&amp;b&gt;</code> · commit " +
      "<code>abc1234</code> · 2026-01-02",
  );
  assert.match(
    page,
    /by <code>deno task bench --python --filter &apos;&lt;a&amp;b&gt;&apos;<\/code>/,
  );
});

Deno.test("htmlReport(): the summary table has every headline figure, skipped exercises listed", () => {
  const page = htmlReport(results(), "../out/results.json");
  const elements = parseHtml(page);
  const rows = elements.filter((e) => e.name === "tr").length;
  // Header row + pool (serial, parallel at 2 workers) + where (kernel) + pipe (serial, parallel).
  assert.equal(rows, 1 + 2 + 1 + 2);
  assert.match(page, /<td class="l"><code>pool<\/code><\/td><td class="l">parallel<\/td>/);
  assert.match(
    page,
    /<li><code>dot<\/code> \(skipped\): no <code>benchmark<\/code> export yet<\/li>/,
  );
  assert.match(page, /<a href="\.\.\/out\/results\.json">/);
});

Deno.test("htmlReport(): without Python, speed-up charts only and a note instead of the ratio chart", () => {
  const page = htmlReport(results(false));
  parseHtml(page);
  assert.deepEqual([...chartTitles(page).keys()], ["bench-speedup-pool", "bench-speedup-pipe"]);
  assert.match(page, /No Python figures: run with <code>--python<\/code>/);
  assert.match(page, /· no Python ·/);
});

Deno.test("htmlReport(): nothing loaded from elsewhere, so a file:// screenshot shows it whole", () => {
  const page = htmlReport(results());
  assert.ok(page.startsWith("<!-- deno-fmt-ignore-file -->\n<!DOCTYPE html>\n"));
  assert.doesNotMatch(page, /<script|<link|<img|<iframe|\ssrc=|url\(|@import/i);
  assert.match(page, /<meta charset="utf-8">/);
});

Deno.test("htmlReport() of docs/bench.json: a chart per parallel exercise, well-formed", async () => {
  const committed = JSON.parse(
    await Deno.readTextFile(new URL("docs/bench.json", ROOT)),
  ) as BenchResults;
  const page = htmlReport(committed, "bench.json");
  parseHtml(page);
  const withParallel = committed.exercises.filter((e) => e.parallelFigure !== null);
  assert.ok(withParallel.length > 0);
  assert.deepEqual(
    parallelExercises(committed).map((e) => e.name),
    withParallel.filter((e) => e.status === "ok").map((e) => e.name),
  );
  const titles = chartTitles(page);
  for (const e of parallelExercises(committed)) {
    const id = speedupFile(e.name).replace(/\.svg$/, "");
    assert.equal(titles.get(id), `Speed-up of ${e.name} against worker count`);
  }
  assert.equal(titles.size, parallelExercises(committed).length + (committed.python ? 1 : 0));
  assert.match(page, new RegExp(`Deno ${committed.environment.deno.replaceAll(".", "\\.")} · `));
  assert.match(page, new RegExp(`commit <code>${committed.environment.gitCommit}</code>`));
});

Deno.test("inlineHtml(): escaped text, code spans as <code>", () => {
  assert.equal(
    inlineHtml("a < b & `x<y>` 'q'"),
    "a &lt; b &amp; <code>x&lt;y&gt;</code> &apos;q&apos;",
  );
});

Deno.test("splitRows(): two halves at the exercise change nearest the middle; short tables whole", () => {
  const rows = (names: string) => [...names].map((n, i) => [n, String(i)] as const);
  const halves = splitRows(rows("aaaabbbbbbcccccccddd"));
  assert.deepEqual(halves.map((h) => h.map((r) => r[0]).join("")), ["aaaabbbbbb", "cccccccddd"]);
  assert.equal(splitRows(rows("aaaaaaaaaaaaaaaaaaaa")).map((h) => h.length).join(), "10,10");
  // A change far from the middle is not used: the middle is.
  assert.equal(splitRows(rows("abbbbbbbbbbbbbbbbbbb")).map((h) => h.length).join(), "10,10");
  assert.equal(splitRows(rows("abc")).length, 1);
});

// ——— flags ———

Deno.test("parseBenchArgs(): --html defaults to docs/bench.html; --screenshot only with --html", () => {
  assert.equal(parseBenchArgs([], 2).html, null);
  assert.equal(parseBenchArgs(["--html"], 2).html, "docs/bench.html");
  assert.equal(parseBenchArgs(["--html", "--from", "x.json"], 2).html, "docs/bench.html");
  assert.equal(parseBenchArgs(["--from", "x.json", "--html"], 2).from, "x.json");
  assert.equal(parseBenchArgs(["--html", "/tmp/p.html"], 2).html, "/tmp/p.html");
  assert.equal(
    parseBenchArgs(["--html", "--screenshot", "/tmp/s.png"], 2).screenshot,
    "/tmp/s.png",
  );
  assert.equal(parseBenchArgs(["--html"], 2).screenshot, null);
  assert.throws(
    () => parseBenchArgs(["--screenshot", "s.png"], 2),
    /--screenshot goes with --html/,
  );
});

// ——— the screenshot ———

Deno.test("screenshotPathFor(): the PNG next to the page", () => {
  assert.equal(screenshotPathFor("docs/bench.html"), "docs/bench.png");
  assert.equal(screenshotPathFor("/tmp/Page.HTM"), "/tmp/Page.png");
  assert.equal(screenshotPathFor("page"), "page.png");
});

Deno.test("measuringCopy(): a <base> to the page's directory and the script before </body>", () => {
  const copy = measuringCopy(
    "<!DOCTYPE html><html><head><title>t</title></head><body><p>x</p></body></html>",
    "file:///work/docs/bench.html",
  );
  assert.match(copy, /^<!DOCTYPE html><html><head><base href="file:\/\/\/work\/docs\/">/);
  assert.match(copy, /<p>x<\/p><script>[^<]*data-page-height[^<]*<\/script><\/body><\/html>$/);
});

Deno.test("pngSize(): width and height from the header; other files refused", () => {
  const header = new Uint8Array(24);
  header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  new DataView(header.buffer).setUint32(16, 1600);
  new DataView(header.buffer).setUint32(20, 3633);
  assert.deepEqual(pngSize(header), { width: 1600, height: 3633 });
  assert.throws(() => pngSize(new TextEncoder().encode("<svg></svg> and more bytes")), /not a PNG/);
});

Deno.test("deno task bench --from FILE --html renders a page without running anything", async () => {
  const dir = await Deno.makeTempDir({ prefix: "multiproc-bench-html-" });
  try {
    const json = `${dir}/results.json`;
    await Deno.writeTextFile(json, JSON.stringify(results()));
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "tasks/bench.ts", "--from", json, "--html", `${dir}/page.html`],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
    }).output();
    const stdout = new TextDecoder().decode(out.stdout);
    assert.equal(out.code, 0, stdout + new TextDecoder().decode(out.stderr));
    assert.ok(stdout.includes(`page: ${dir}/page.html\n`), stdout);
    // With Chromium the PNG is taken next to the page; without, the output says it was not.
    assert.match(stdout, /screenshot: (.*page\.png \(\d+×\d+ px|not taken, no Chromium found)/);
    const page = await Deno.readTextFile(`${dir}/page.html`);
    assert.equal(page, htmlReport(results(), "results.json"));
    assert.doesNotMatch(stdout, /finished in/, "nothing ran");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test({
  name: "screenshot(): a PNG of the whole page at the given width, the temporary profile removed",
  ignore: findChromium() === null,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "multiproc-bench-html-" });
    const tmp = Deno.env.get("TMPDIR") ?? "/tmp";
    const leftovers = () =>
      [...Deno.readDirSync(tmp)].filter((e) => e.name.startsWith("multiproc-screenshot-")).length;
    const before = leftovers();
    try {
      // A page much taller than any default window: the PNG must reach its end.
      await Deno.writeTextFile(
        `${dir}/tall.html`,
        '<!DOCTYPE html><html><body style="margin:0"><div style="height:2345px">tall</div>' +
          "</body></html>",
      );
      const size = await screenshot(`${dir}/tall.html`, `${dir}/tall.png`, {
        width: 700,
        timeoutMs: 60_000,
      });
      assert.deepEqual(size, { width: 700, height: 2345 });
      assert.deepEqual(pngSize(await Deno.readFile(`${dir}/tall.png`)), size);
      assert.equal(leftovers(), before, "the temporary profile is removed");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
