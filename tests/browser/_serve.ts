/**
 * The browser test's server: the repository's files with the headers SharedArrayBuffer needs
 * (cross-origin isolation), and `POST /result` for the page's answers.
 *
 * @module
 */

const ROOT = new URL("../../", import.meta.url);

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  map: "application/json",
  json: "application/json",
  css: "text/css",
  svg: "image/svg+xml",
  png: "image/png",
};

/** The headers that make a page cross-origin isolated, so it may use SharedArrayBuffer. */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** A running server and the first result the page posted. */
export interface PageServer extends AsyncDisposable {
  readonly origin: string;
  /** Resolves with the JSON the page posts to `/result`. */
  readonly result: Promise<unknown>;
}

/**
 * Serves the repository on 127.0.0.1 (a free port) until disposed, with `/dist/` taken from
 * `distDir` (where the test built the bundle).
 */
export function servePage(distDir: string): PageServer {
  const dist = new URL(`file://${distDir.replace(/\/?$/, "/")}`);
  const { promise: result, resolve } = Promise.withResolvers<unknown>();
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      if (request.method === "POST" && url.pathname === "/result") {
        resolve(await request.json());
        return new Response("ok");
      }
      if (request.method !== "GET") return new Response("method not allowed", { status: 405 });
      const path = decodeURIComponent(url.pathname);
      if (path.includes("..")) return new Response("bad path", { status: 400 });
      const extension = path.slice(path.lastIndexOf(".") + 1);
      try {
        const file = path.startsWith("/dist/")
          ? new URL(path.slice("/dist/".length), dist)
          : new URL(`.${path}`, ROOT);
        const body = await Deno.readFile(file);
        return new Response(body, {
          headers: {
            ...ISOLATION_HEADERS,
            "Content-Type": CONTENT_TYPES[extension] ?? "application/octet-stream",
          },
        });
      } catch {
        return new Response("not found", { status: 404, headers: ISOLATION_HEADERS });
      }
    },
  );
  return {
    origin: `http://127.0.0.1:${server.addr.port}`,
    result,
    async [Symbol.asyncDispose]() {
      await server.shutdown();
    },
  };
}
