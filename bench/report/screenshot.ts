/**
 * A full-page PNG of an HTML file, taken by headless Chromium: `deno task bench --html` uses it
 * for `docs/bench.png`.
 *
 * Chromium's `--screenshot` captures the window, not the page, so the page is measured first: a
 * copy of it in a temporary directory, with a `<base>` pointing back at the original's directory
 * and a script that writes the page's height into the DOM, is loaded with `--dump-dom` at the
 * screenshot's width; then the page itself is captured in a window exactly that tall. Both runs
 * share a new profile directory, removed afterwards, and each is killed after a time limit.
 * Chromium is found, run and given its headless flags by `tools/_chromium.ts`.
 *
 * @module
 */
import { dirname } from "node:path";
import { pathToFileURL } from "node:url";
import { CHROMIUM_FLAGS, findChromium, runChromium } from "../../tools/_chromium.ts";

/** Where `findChromium` looks, for messages. */
export const CHROMIUM_PLACES = "$CHROMIUM, /usr/bin/chromium, chromium on PATH";

/** The PNG next to a page: `docs/bench.html` → `docs/bench.png`. */
export function screenshotPathFor(page: string): string {
  return /\.x?html?$/i.test(page) ? page.replace(/\.x?html?$/i, ".png") : `${page}.png`;
}

/** How to take the screenshot. */
export interface ScreenshotOptions {
  /** Chromium's executable (default: `findChromium()`). */
  readonly chromium?: string;
  /** Window width in CSS pixels (default 1600). */
  readonly width?: number;
  /** Time limit of each Chromium run, in milliseconds (default 60 s). */
  readonly timeoutMs?: number;
}

/** The tallest window captured: taller pages are cut there. */
export const MAX_HEIGHT = 16_384;

/** Flags of every run (`_chromium.ts`'s, then the profile and the window). */
function flags(profile: string, width: number, height: number): string[] {
  return [
    ...CHROMIUM_FLAGS,
    "--no-default-browser-check",
    "--disable-extensions",
    `--user-data-dir=${profile}`,
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
    `--window-size=${width},${height}`,
  ];
}

// The root element's box: its content, however small the window (scrollHeight would be at least
// the window's height).
const MEASURE = "<script>document.documentElement.setAttribute('data-page-height', " +
  "String(Math.ceil(document.documentElement.getBoundingClientRect().height)))</script>";

/** The page with a `<base>` to its directory and the measuring script before `</body>`. */
export function measuringCopy(html: string, pageUrl: string): string {
  const base = `<base href="${pageUrl.replace(/[^/]*$/, "").replaceAll('"', "%22")}">`;
  const head = /<head[^>]*>/i.exec(html);
  let out = head === null
    ? `${base}${html}`
    : html.slice(0, head.index + head[0].length) + base + html.slice(head.index + head[0].length);
  const end = out.toLowerCase().lastIndexOf("</body>");
  out = end < 0 ? out + MEASURE : out.slice(0, end) + MEASURE + out.slice(end);
  return out;
}

/** Width and height of a PNG, from its header. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length < 24 || signature.some((b, i) => bytes[i] !== b)) {
    throw new Error("not a PNG file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Writes a full-page PNG of the HTML file `page` to `png`, at `options.width` CSS pixels wide;
 * returns its size. Throws when Chromium is missing, fails or exceeds the time limit.
 */
export async function screenshot(
  page: string,
  png: string,
  options: ScreenshotOptions = {},
): Promise<{ width: number; height: number }> {
  const chromium = options.chromium ?? findChromium();
  if (chromium === null) throw new Error(`chromium not found (${CHROMIUM_PLACES})`);
  const width = options.width ?? 1600;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const pageUrl = pathToFileURL(await Deno.realPath(page)).href;
  const tmp = await Deno.makeTempDir({ prefix: "multiproc-screenshot-" });
  try {
    const run = (height: number, ...args: string[]) =>
      runChromium(chromium, [...flags(`${tmp}/profile`, width, height), ...args], timeoutMs);
    const measure = `${tmp}/measure.html`;
    await Deno.writeTextFile(measure, measuringCopy(await Deno.readTextFile(page), pageUrl));
    const dom = await run(800, "--dump-dom", pathToFileURL(measure).href);
    const measured = /data-page-height="(\d+)"/.exec(dom);
    if (measured === null) throw new Error("could not measure the page's height");
    const height = Math.min(MAX_HEIGHT, Math.max(1, Number(measured[1])));

    // Taken in the temporary directory, so a failed run leaves an earlier PNG as it was.
    const shot = `${tmp}/screenshot.png`;
    await run(height, `--screenshot=${shot}`, pageUrl);
    const size = pngSize(await Deno.readFile(shot));
    await Deno.mkdir(dirname(png), { recursive: true });
    await Deno.copyFile(shot, png);
    return size;
  } finally {
    await Deno.remove(tmp, { recursive: true }).catch(() => {});
  }
}
