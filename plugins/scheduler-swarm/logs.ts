// `dokku logs` on a swarm app: the output of the running tasks (wherever they run), each shown as
// the dyno `TYPE.SLOT`, in Dokku's line format.
import { UserError } from "../../src/core/errors.ts";
import { managerEngine } from "./cluster.ts";
import { appServices, serviceTasks } from "./services.ts";
import { whenSwarm } from "./triggers.ts";

interface Line {
  ts: string;
  dyno: string;
  text: string;
}

function parse(raw: string, dyno: string): Line {
  const space = raw.indexOf(" ");
  if (space > 0 && /^\d{4}-\d\d-\d\dT[0-9:.]+Z$/.test(raw.slice(0, space))) return { ts: raw.slice(0, space), dyno, text: raw.slice(space + 1) };
  return { ts: "", dyno, text: raw };
}

/** `scheduler-logs swarm APP PROC_TYPE TAIL QUIET NUM`. */
export const onSchedulerLogs = whenSwarm<"scheduler-logs">(async (ctx, [, app, procType, tail, quiet, num]) => {
  const docker = await managerEngine(ctx);
  const sources: { id: string; dyno: string }[] = [];
  for (const [type, service] of [...(await appServices(docker, app))].sort(([a], [b]) => a.localeCompare(b))) {
    if (procType && type !== procType) continue;
    for (const task of await serviceTasks(docker, service)) sources.push({ id: task.id, dyno: `${type}.${task.slot}` });
  }
  if (sources.length === 0) throw new UserError(procType ? `No ${procType} containers found for ${app}` : `No containers found for ${app}`);
  const follow = tail === "true";
  const limit = Number(num) || 0;
  const write = (line: Line) => ctx.io.stdout.write(`${quiet === "true" ? line.text : `${line.ts} app[${line.dyno}]: ${line.text}`}\n`);
  const controller = new AbortController();
  const stop = ctx.runtime.onInterrupt(() => controller.abort());
  const collected: Line[] = [];
  try {
    await Promise.all(sources.map((source) =>
      docker.taskLogs(source.id, { follow, timestamps: true, signal: controller.signal, ...(limit > 0 ? { tail: limit } : {}) }, (raw) => {
        const line = parse(raw, source.dyno);
        if (follow) write(line);
        else collected.push(line);
      })));
  } finally {
    stop();
  }
  const sorted = collected.map((line, i) => ({ line, i })).sort((a, b) => a.line.ts.localeCompare(b.line.ts) || a.i - b.i).map((x) => x.line);
  for (const line of limit > 0 ? sorted.slice(-limit) : sorted) write(line);
});
