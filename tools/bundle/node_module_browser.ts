/**
 * What the browser build gets for `node:module`: a browser has no `require`, so the first
 * `compile()` cannot load mathjs synchronously there and says to `await loadCompiler()` first
 * (which loads mathjs's chunk with a dynamic import).
 *
 * @module
 */

/** A `require` that always throws: see the module doc. */
export function createRequire(_from: string | URL): (id: string) => never {
  return (id) => {
    throw new Error(`a browser has no require() to load ${id} with`);
  };
}
