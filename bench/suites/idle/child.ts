/**
 * The program bench:idle runs as a child: `child.ts MECHANISM ISOLATION [PAUSES]`. "old" turns
 * idle release off (idle workers hold the process, as before it), "none" uses no pool. Without
 * PAUSES: use a pool once and never close it; with them (JSON, ms): a server with those pauses.
 *
 * @module
 */
import type { Isolation } from "../../../mod.ts";
import { Pool } from "../../../lib/pool/pool.ts";
import { disableIdleRelease } from "../../../lib/worker/_idle_release.ts";
import { countInitializer, visit } from "../../../tests/fixtures/idle_tasks.ts";

const [mechanism, isolation, pauses] = Deno.args as [string, Isolation, string | undefined];
if (mechanism === "old") disableIdleRelease();
const pool = mechanism === "none" ? null : new Pool({
  processes: pauses === undefined ? 2 : 1,
  module: new URL("../../../tests/fixtures/idle_tasks.ts", import.meta.url).href,
  initializer: countInitializer,
  isolation,
});

if (pauses === undefined) {
  await (pool === null ? visit() : pool.apply(visit));
  console.log("OUTCOME " + JSON.stringify(performance.timeOrigin + performance.now()));
} else {
  const requests: object[] = [];
  let pauseMs = 0;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, async () => {
    const started = performance.now();
    const seen = await pool!.apply(visit);
    requests.push({ pauseMs, callMs: performance.now() - started, ...seen });
    return new Response("ok");
  });
  const url = `http://127.0.0.1:${server.addr.port}/`;
  await (await fetch(url)).text();
  for (const pause of JSON.parse(pauses) as number[]) {
    await new Promise((resolve) => setTimeout(resolve, pause));
    pauseMs = pause;
    await (await fetch(url)).text();
  }
  console.log("OUTCOME " + JSON.stringify(requests));
  await server.shutdown();
  await pool!.terminate();
}
