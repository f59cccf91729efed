// A Redis URL as messages may show it: never its password. Apart from the Redis client so that
// the pool side can name the URL without loading ioredis.

/** `url` with its password replaced by `***` (and no trailing slash). */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== "") parsed.password = "***";
    return parsed.href.replace(/\/$/, "");
  } catch {
    return "<a URL that does not parse>";
  }
}
