import type { ArgsDef } from "citty";
import type { Ctx } from "../../src/core/context.ts";
import { UserError } from "../../src/core/errors.ts";
import { type AnyDokkuCommand, defineCommand } from "../../src/core/plugin.ts";
import { CLEAR, DEFAULT_TYPE, GLOBAL_SCOPE, type Kind, PROCESS_TYPE, RESOURCE, RESOURCE_KEYS, type ResourceKey, resourceProperty } from "./schema.ts";
import { readValues, storedTypes } from "./store.ts";
import { validateValue } from "./values.ts";

const scopeArgs = {
  app: { type: "positional", description: "App name", required: false },
  "process-type": { type: "string", description: "Process type (default: every process type)", valueHint: "TYPE" },
  global: { type: "boolean", description: "Set the host-wide defaults" },
} as const satisfies ArgsDef;

const resourceArgs = {
  ...scopeArgs,
  cpu: { type: "string", description: "CPUs (docker --cpus)", valueHint: "N" },
  memory: { type: "string", description: "Memory, megabytes without a unit (docker --memory)", valueHint: "SIZE" },
  "memory-swap": { type: "string", description: "Memory plus swap, -1 for unlimited (docker --memory-swap)", valueHint: "SIZE" },
  network: { type: "string", description: "Network bandwidth (k3s only)", valueHint: "RATE" },
  "network-ingress": { type: "string", description: "Ingress bandwidth (k3s only)", valueHint: "RATE" },
  "network-egress": { type: "string", description: "Egress bandwidth (k3s only)", valueHint: "RATE" },
  "nvidia-gpu": { type: "string", description: "GPUs: a count or all (docker --gpus)", valueHint: "N" },
} as const satisfies ArgsDef;

/** `limits` / `reservation`, as Dokku words its messages. */
const NOUN: Record<Kind, string> = { limit: "limits", reserve: "reservation" };

interface Scope {
  /** Property scope: the app, or `_all_` for the global defaults. */
  scope: string;
  /** `APP` or `default` in messages. */
  label: string;
  type: string;
}

async function resolveScope(ctx: Ctx, app: unknown, type: unknown, global: boolean, appOptional = false): Promise<Scope> {
  const processType = typeof type === "string" && type !== "" ? type : DEFAULT_TYPE;
  if (processType !== DEFAULT_TYPE && !PROCESS_TYPE.test(processType)) {
    throw new UserError(`Invalid process type: ${JSON.stringify(processType)} (letters, digits, _ and -, at most 63)`);
  }
  if (global || (appOptional && (app === undefined || app === ""))) return { scope: GLOBAL_SCOPE, label: "default", type: processType };
  const name = await ctx.apps.verify(app);
  return { scope: name, label: name, type: processType };
}

function setCommand(kind: Kind): AnyDokkuCommand {
  return defineCommand({
    name: `resource:${kind}`,
    description: kind === "limit" ? "Limit resources for a given app/process-type combination" : "Reserve resources for a given app/process-type combination",
    usage: `[--process-type TYPE] [--global] [RESOURCE_OPTS...] <app>`,
    args: resourceArgs,
    async run(ctx, args) {
      const target = await resolveScope(ctx, args._[0], args["process-type"], Boolean(args.global));
      const given = RESOURCE_KEYS.flatMap((key) => {
        const value = args[key];
        return typeof value === "string" && value !== "" ? [[key, value] as [ResourceKey, string]] : [];
      });
      if (given.length === 0) return showValues(ctx, kind, target);
      for (const [key, value] of given) validateValue(key, value);
      // dokku-compat: Dokku's messages ("Setting resource limits for APP (TYPE)").
      const base = target.scope === GLOBAL_SCOPE ? `Setting default resource ${NOUN[kind]}` : `Setting resource ${NOUN[kind]} for ${target.label}`;
      ctx.log.header(target.type === DEFAULT_TYPE ? base : `${base} (${target.type})`);
      for (const [key, value] of given) {
        const property = resourceProperty(target.type, kind, key);
        if (value === CLEAR) {
          ctx.log.detail(`${key}: cleared`);
          await ctx.props.del(RESOURCE, target.scope, property);
        } else {
          ctx.log.detail(`${key}: ${value}`);
          await ctx.props.set(RESOURCE, target.scope, property, value);
        }
      }
    },
  });
}

async function showValues(ctx: Ctx, kind: Kind, target: Scope): Promise<void> {
  const title = `resource ${NOUN[kind]} ${target.label} information`;
  ctx.log.header(target.type === DEFAULT_TYPE ? `${title} [defaults]` : `${title} (${target.type})`);
  const values = await readValues(ctx, target.scope, target.type, kind);
  for (const key of RESOURCE_KEYS) ctx.log.detail(`${key}: ${values[key]}`.trimEnd());
}

function clearCommand(kind: Kind): AnyDokkuCommand {
  return defineCommand({
    name: `resource:${kind}-clear`,
    description: kind === "limit" ? "Clear resource limits for a given app/process-type combination" : "Clear resource reservations for a given app/process-type combination",
    usage: "[--process-type TYPE] [--global] [<app>]",
    args: scopeArgs,
    async run(ctx, args) {
      // dokku-compat: without an app the host-wide defaults are cleared, as Dokku documents.
      const target = await resolveScope(ctx, args._[0], args["process-type"], Boolean(args.global), true);
      const explicitType = typeof args["process-type"] === "string" && args["process-type"] !== "";
      const message = target.scope === GLOBAL_SCOPE ? `Clearing default resource ${NOUN[kind]}` : `Clearing resource ${NOUN[kind]} for ${target.label}`;
      ctx.log.step(explicitType ? `${message} (${target.type})` : message);
      const types = explicitType ? [target.type] : await storedTypes(ctx, target.scope);
      for (const type of types) {
        for (const key of RESOURCE_KEYS) await ctx.props.del(RESOURCE, target.scope, resourceProperty(type, kind, key));
      }
    },
  });
}

export const resourceLimit = setCommand("limit");
export const resourceReserve = setCommand("reserve");
export const resourceLimitClear = clearCommand("limit");
export const resourceReserveClear = clearCommand("reserve");
