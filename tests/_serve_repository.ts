// This repository served read-only over http on a free 127.0.0.1 port, as a CDN or a Git host's
// raw files would serve it: for the tests that load the library (or start a worker) by URL.

const ROOT = new URL("../", import.meta.url);
const CONTENT_TYPES: Record<string, string> = {
  ".ts": "application/typescript; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
};

/** A running server, and the paths it served (a test can check what was loaded from it). */
export interface RepositoryServer {
  readonly server: Deno.HttpServer<Deno.NetAddr>;
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly origin: string;
  readonly served: ReadonlySet<string>;
}

/** Serves the repository's files of known types; anything else, or `..`, is a 404. */
export function serveRepository(): RepositoryServer {
  const served = new Set<string>();
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async (request) => {
    const path = decodeURIComponent(new URL(request.url).pathname);
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response("read-only", { status: 405 });
    }
    const type = CONTENT_TYPES[path.match(/\.[a-z]+$/)?.[0] ?? ""];
    if (type === undefined || path.split("/").includes("..") || path.includes("\\")) {
      return new Response("not found", { status: 404 });
    }
    try {
      const body = await Deno.readFile(new URL(`.${path}`, ROOT));
      served.add(path);
      return new Response(request.method === "HEAD" ? null : body, {
        headers: { "content-type": type },
      });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return { server, origin: `http://127.0.0.1:${server.addr.port}`, served };
}
