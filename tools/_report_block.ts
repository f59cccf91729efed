/**
 * Where the report tasks put what they measured: a Markdown file of its own, and the same block
 * in the README between a pair of markers, both then formatted as the repository's check
 * expects (tables go in as one line per row; deno fmt aligns them).
 *
 * @module
 */

/** Writes `doc`, puts `block` between `<!-- name:start -->` and `<!-- name:end -->`. */
export async function writeReport(
  name: string,
  block: string,
  doc: { url: URL; text: string },
): Promise<void> {
  const readmeUrl = new URL("../README.md", import.meta.url);
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  await Deno.writeTextFile(doc.url, doc.text);
  const readme = await Deno.readTextFile(readmeUrl);
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md needs the markers ${start} and ${end}`);
  await Deno.writeTextFile(
    readmeUrl,
    `${readme.slice(0, from + start.length)}\n${block}\n${readme.slice(to)}`,
  );
  await new Deno.Command(Deno.execPath(), {
    args: ["fmt", "--quiet", readmeUrl.pathname, doc.url.pathname],
  }).output();
}
