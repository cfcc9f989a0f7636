import type { Ctx } from "../../src/core/context.ts";
import { SilentExit } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { type Dyno, dynoName, readDynos } from "./dynos.ts";

/** Each live dyno with its container's state (`missing` when docker no longer has it). */
async function dynoStates(docker: DockerEngine, dynos: readonly Dyno[]): Promise<{ dyno: Dyno; state: string }[]> {
  return Promise.all(dynos.map(async (dyno) => ({ dyno, state: (await docker.inspectContainer(dyno.id))?.state ?? "missing" })));
}

/** `scheduler-app-status docker-local APP`: `<count> <true|false|mixed>` over the live dynos. */
export async function appStatus(ctx: Ctx, app: string): Promise<string> {
  const dynos = await readDynos(ctx, app);
  if (dynos.length === 0) return "0 false\n";
  const states = await dynoStates(await ctx.docker(), dynos);
  const running = states.filter((s) => s.state === "running").length;
  return `${dynos.length} ${running === dynos.length ? "true" : running === 0 ? "false" : "mixed"}\n`;
}

/** `scheduler-process-status docker-local APP`: `TYPE.N STATE CID` per live dyno. */
export async function processStatus(ctx: Ctx, app: string): Promise<string> {
  const states = await dynoStates(await ctx.docker(), await readDynos(ctx, app));
  return states.map(({ dyno, state }) => `${dynoName(dyno)} ${state} ${dyno.id}\n`).join("");
}

/** `scheduler-is-deployed docker-local APP`: exit 0 when the app has live dynos. */
export async function isDeployed(ctx: Ctx, app: string): Promise<void> {
  if ((await readDynos(ctx, app)).length === 0) throw new SilentExit(1);
}

/** Variables ps:inspect shows as they are (reference 7.6); every other value becomes XXXXXX. */
const VISIBLE = [/^CACHE_PATH=/, /^DOCKER_/, /^DOKKU_/, /^DYNO=/, /^PATH=/, /^PORT=/, /^USER=/];

export function maskEnv(env: readonly string[]): string[] {
  return env.map((entry) => {
    if (VISIBLE.some((re) => re.test(entry))) return entry;
    const eq = entry.indexOf("=");
    return eq < 0 ? entry : `${entry.slice(0, eq)}=XXXXXX`;
  });
}

/** `scheduler-inspect docker-local APP` (ps:inspect): docker's inspect documents of the live dynos, secrets masked. */
export async function inspectApp(ctx: Ctx, app: string): Promise<string> {
  const docker = await ctx.docker();
  const documents: Record<string, unknown>[] = [];
  for (const dyno of await readDynos(ctx, app)) {
    const document = await docker.inspectContainerDocument(dyno.id);
    if (!document) continue;
    const config = document.Config as { Env?: string[] } | undefined;
    if (config?.Env) config.Env = maskEnv(config.Env);
    documents.push(document);
  }
  return `${JSON.stringify(documents, null, 4)}\n`;
}
