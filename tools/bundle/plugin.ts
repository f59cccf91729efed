/**
 * The esbuild plugin of `deno task bundle`: resolves `npm:` specifiers to the packages in
 * `node_modules/.deno/`, and points the library's `new URL("./x.ts", import.meta.url)` at the
 * built file of `x.ts`.
 *
 * @module
 */
import type { Plugin } from "npm:esbuild@0.28.2";

/** Where the library lives and which of its modules are built as files of their own. */
export interface BundleFileOptions {
  /** The repository root (a `file:` URL ending in `/`). */
  readonly root: URL;
  /** Built file names without extension, by the `file:` URL of the module built into each. */
  readonly builtNames: ReadonlyMap<string, string>;
}

/** Browser stand-ins for the `node:` modules the library imports. */
const NODE_MODULES: Readonly<Record<string, string>> = {};

// The library's loader of node:v8 (lib/wire/_node_v8.ts), which a browser cannot run: its
// synchronous fallback needs Node's `process`. The stand-in takes its place.
const NODE_V8_LOADER = /\/_node_v8\.ts$/;

const NPM_SPECIFIER = /^npm:\/?((?:@[^/@]+\/)?[^/@]+)@([^/]+)(\/.*)?$/;
const MODULE_URL = /new URL\(\s*"([^"]+\.ts)"\s*,\s*import\.meta\.url\s*\)/g;

/** The plugin; see the module doc. */
export function bundleFile(options: BundleFileOptions): Plugin {
  const packages = new URL("node_modules/.deno/", options.root);
  return {
    name: "multiproc-bundle",
    setup(build) {
      build.onResolve({ filter: /^npm:/ }, async (args) => {
        const match = NPM_SPECIFIER.exec(args.path);
        if (match === null) {
          return { errors: [{ text: `expected npm:name@version[/path], received ${args.path}` }] };
        }
        const [, name, version, subpath = ""] = match as unknown as [string, string, string];
        // Deno's node_modules layout: .deno/<name with / as +>@<version>/node_modules/<name>.
        const packageDir = new URL(
          `${name.replace("/", "+")}@${version}/node_modules/${name}/`,
          packages,
        ).pathname;
        try {
          await Deno.stat(packageDir);
        } catch {
          return {
            errors: [{
              text: `${args.path} is not in ${packages.pathname}: run the bundle with ` +
                "`deno run -A --node-modules-dir=auto tools/bundle.ts` (as `deno task bundle` does)",
            }],
          };
        }
        return await build.resolve(`${name}${subpath}`, {
          kind: args.kind,
          resolveDir: packageDir,
        });
      });
      build.onResolve({ filter: NODE_V8_LOADER }, () => ({
        path: new URL("./node_v8_browser.ts", import.meta.url).pathname,
      }));
      build.onResolve({ filter: /^node:/ }, (args) => {
        const standIn = NODE_MODULES[args.path];
        if (standIn === undefined) {
          return {
            errors: [{
              text: `${args.path} has no browser stand-in: add one to NODE_MODULES in ` +
                "tools/bundle/plugin.ts, or keep it out of the modules mod.ts loads",
            }],
          };
        }
        return { path: new URL(standIn, import.meta.url).pathname };
      });
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const fileUrl = new URL(`file://${args.path}`);
        const source = await Deno.readTextFile(fileUrl);
        const contents = source.replace(MODULE_URL, (whole, relative: string) => {
          const built = options.builtNames.get(new URL(relative, fileUrl).href);
          // Every built file sits at the top of the output directory, beside the chunks.
          return built === undefined ? whole : `new URL("./${built}.js", import.meta.url)`;
        });
        return { contents, loader: "ts" };
      });
    },
  };
}
