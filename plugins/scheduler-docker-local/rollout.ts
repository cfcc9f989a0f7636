import type { Ctx } from "../../src/core/context.ts";
import { DokkuError, errorMessage } from "../../src/core/errors.ts";
import type { DockerEngine } from "../../src/docker/engine.ts";
import { dynoName } from "./dynos.ts";
import { runPool } from "./pool.ts";
import { WEB } from "./schema.ts";
import { type ReleasePlan, containerSpec } from "./spec.ts";

/** A new container that started and passed its checks. */
export interface Started {
  type: string;
  index: number;
  id: string;
  ip: string;
  /** Listen port (web only, "" otherwise). */
  port: string;
}

/** A new container that could not be created, started or checked; `id` when it was created. */
export class DeployFailure extends DokkuError {
  constructor(
    message: string,
    readonly dyno: { type: string; index: number; id?: string },
  ) {
    super(message);
  }
}

/**
 * The new containers of one deploy. Every id it creates is remembered in `created`, so a failed
 * deploy can remove all of them (DESIGN 3.10), whatever step failed.
 */
export class Rollout {
  readonly created: string[] = [];
  private checking: Promise<boolean> | undefined;

  constructor(
    private readonly ctx: Ctx,
    private readonly docker: DockerEngine,
    private readonly plan: ReleasePlan,
  ) {}

  /** Containers 1..count of TYPE, `app-json-process-deploy-parallelism` at a time. */
  async rollType(type: string, count: number, checks: boolean): Promise<Started[]> {
    if (count === 0) return [];
    const parallel = Number.parseInt((await this.ctx.triggers.query("app-json-process-deploy-parallelism", this.plan.app, type)).trim(), 10);
    const indexes = Array.from({ length: count }, (_, i) => i + 1);
    return runPool(indexes, Number.isInteger(parallel) && parallel > 0 ? parallel : 1, (index) => this.startDyno(type, index, checks));
  }

  /**
   * Create (`docker container create`), `post-container-create` (network attach), start, read
   * its address, then `check-deploy` unless checks are off for the type. A container that is
   * not running afterwards (it exited, or is restarting after a crash) fails too.
   */
  private async startDyno(type: string, index: number, checks: boolean): Promise<Started> {
    const { ctx, docker, plan } = this;
    const dyno = dynoName({ type, index });
    let id: string;
    try {
      id = await docker.createContainer(await containerSpec(ctx, plan, type, index), { failure: `Failure creating container ${plan.app}.${dyno}` });
    } catch (error) {
      throw new DeployFailure(errorMessage(error), { type, index });
    }
    this.created.push(id);
    try {
      await ctx.triggers.notify("post-container-create", "app", id, plan.app, "deploy", type);
      if ((await docker.startContainer(id)) === "absent") throw new DokkuError(`Container ${plan.app}.${dyno} disappeared before it started`);
      const ip = (await ctx.triggers.query("network-get-ipaddr", plan.app, type, id)).trim();
      const port = type === WEB ? String(plan.webPort) : "";
      if (checks && (await this.hasChecks())) {
        ctx.log.detail(`Attempting pre-flight checks (${dyno})`);
        await ctx.triggers.notify("check-deploy", plan.app, id, type, port, ip, String(index));
      }
      await this.assertRunning(id, dyno);
      return { type, index, id, ip, port };
    } catch (error) {
      throw new DeployFailure(errorMessage(error), { type, index, id });
    }
  }

  private hasChecks(): Promise<boolean> {
    this.checking ??= this.ctx.triggers.exists("check-deploy");
    return this.checking;
  }

  private async assertRunning(id: string, dyno: string): Promise<void> {
    const info = await this.docker.inspectContainer(id);
    if (!info) throw new DokkuError(`Container ${this.plan.app}.${dyno} disappeared after it started`);
    if (info.state !== "running") {
      const why = info.state === "restarting" ? "is restarting after a crash" : `exited with code ${info.exitCode}`;
      throw new DokkuError(`Container ${this.plan.app}.${dyno} ${why}`);
    }
  }
}
