// Which running container `enter` goes into (pure): `TYPE`, `TYPE.N`, `--container-id CID`, or
// nothing when the app runs a single process type. Identity comes from labels, never names.
import { UserError } from "../../src/core/errors.ts";
import type { ContainerSummary } from "../../src/docker/engine.ts";
import { LABELS } from "../../src/docker/labels.ts";

export type EnterTarget = { kind: "any" } | { kind: "type"; type: string; index?: number } | { kind: "id"; id: string };

const TARGET = /^([A-Za-z0-9_-]{1,63})(?:\.([0-9]+))?$/;

/** `[TYPE|TYPE.N|--container-id CID] [COMMAND...]`; the first word is always the target when given. */
export function parseEnterArgs(words: readonly string[]): { target: EnterTarget; command: string[] } {
  const [first, ...rest] = words;
  if (first === undefined) return { target: { kind: "any" }, command: [] };
  if (first === "--container-id" || first.startsWith("--container-id=")) {
    const id = first === "--container-id" ? rest.shift() : first.slice("--container-id=".length);
    if (!id) throw new UserError("--container-id requires a container id");
    return { target: { kind: "id", id }, command: dropSeparator(rest) };
  }
  const match = TARGET.exec(first);
  if (!match || match[2] === "0") throw new UserError(`Invalid process type ${first}: expected TYPE or TYPE.N (letters, digits, _ and -; N from 1)`);
  const target: EnterTarget = match[2] === undefined ? { kind: "type", type: match[1]! } : { kind: "type", type: match[1]!, index: Number(match[2]) };
  return { target, command: dropSeparator(rest) };
}

/** The process type and index of an app container, from its labels. */
export function dynoOf(container: ContainerSummary): { type: string; index: number } | undefined {
  const type = container.labels[LABELS.processType];
  const index = Number(container.labels[LABELS.containerIndex] ?? container.labels[LABELS.dyno]?.split(".").pop());
  return type && Number.isSafeInteger(index) && index > 0 ? { type, index } : undefined;
}

/** Picks the container for `target` among the app's running process containers, or says why none fits. */
export function selectContainer(app: string, running: readonly ContainerSummary[], target: EnterTarget): ContainerSummary {
  // Lowest index first; of two with the same dyno (a rollout in progress), the newest.
  const dynos = running
    .map((c) => ({ c, dyno: dynoOf(c) }))
    .filter((d): d is { c: ContainerSummary; dyno: { type: string; index: number } } => d.dyno !== undefined)
    .sort((a, b) => a.dyno.index - b.dyno.index || b.c.created - a.c.created);
  const types = [...new Set(dynos.map((d) => d.dyno.type))].sort();
  if (types.length === 0) throw new UserError(`No running containers found for ${app}`);
  if (target.kind === "any") {
    if (types.length > 1) throw new UserError(`${app} runs several process types (${types.join(", ")}): specify one, e.g. dokku enter ${app} ${types[0]}`);
    return dynos[0]!.c;
  }
  if (target.kind !== "type") throw new Error("selectContainer takes a process type target");
  const ofType = dynos.filter((d) => d.dyno.type === target.type);
  if (ofType.length === 0) throw new UserError(`No running ${target.type} container found for ${app} (running: ${types.join(", ")})`);
  if (target.index === undefined) return ofType[0]!.c;
  const exact = ofType.find((d) => d.dyno.index === target.index);
  if (!exact) {
    const names = [...new Set(ofType.map((d) => `${d.dyno.type}.${d.dyno.index}`))];
    throw new UserError(`No running container ${target.type}.${target.index} found for ${app} (running: ${names.join(", ")})`);
  }
  return exact.c;
}

function dropSeparator(words: string[]): string[] {
  return words[0] === "--" ? words.slice(1) : words;
}
