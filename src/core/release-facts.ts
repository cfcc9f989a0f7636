import type { ImageInfo } from "../docker/engine.ts";
import type { Ctx } from "./context.ts";

/** The port a web process listens on when nothing says otherwise (herokuish's `PORT`). */
export const DEFAULT_WEB_PORT = 5000;

/**
 * What every scheduler reads the same way when it releases an app, from the other plugins'
 * triggers: the formation and the web process's port.
 */

/** The formation from `ps-current-scale` (`type=count` lines); web=1 when no plugin answers. */
export async function readFormation(ctx: Ctx, app: string): Promise<Map<string, number>> {
  if (!(await ctx.triggers.exists("ps-current-scale"))) return new Map([["web", 1]]);
  const formation = new Map<string, number>();
  for (const line of (await ctx.triggers.query("ps-current-scale", app)).split("\n")) {
    const [type, count] = line.trim().split("=");
    if (type && /^[0-9]+$/.test(count ?? "")) formation.set(type, Number(count));
  }
  return formation;
}

/**
 * The web process's port (reference 7.3): the container port of the first non-udp mapping from
 * `ports-get` when the ports plugin answers; else 5000 for herokuish images and the image's first
 * exposed tcp port for the others (5000 when it exposes none).
 */
export async function webPort(ctx: Ctx, app: string, info: ImageInfo, sourceType: string): Promise<number> {
  if (await ctx.triggers.exists("ports-get")) {
    for (const line of (await ctx.triggers.query("ports-get", app)).split("\n")) {
      const [scheme = "", , container = ""] = line.trim().split(":");
      if (scheme && scheme !== "udp" && /^[0-9]+$/.test(container)) return Number(container);
    }
  }
  if (sourceType === "herokuish") return DEFAULT_WEB_PORT;
  for (const exposed of info.exposedPorts) {
    const m = /^([0-9]+)(?:\/tcp)?$/.exec(exposed);
    if (m) return Number(m[1]);
  }
  return DEFAULT_WEB_PORT;
}
