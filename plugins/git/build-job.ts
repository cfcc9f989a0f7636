import { parseAppName } from "../../src/core/apps.ts";
import { UserError } from "../../src/core/errors.ts";
import { isObjectId } from "./names.ts";

/** A pushed ref the runner must leave pointing at the deployed commit (see settle-ref.ts). */
export interface PushedRef {
  refname: string;
  oldrev: string;
  /** The receive-pack process that ran the hook: once it is gone, git will not update the ref. */
  receivePid: number;
  /** The push's quarantine directory under `objects/` (its objects were moved out by the hook). */
  quarantine?: string;
}

/** Everything the build runner needs, passed on its command line. */
export interface BuildJob {
  app: string;
  /** Build id from `builds-generate-id`: names the record and the log. */
  id: string;
  /** The commit to build. */
  rev: string;
  /** The builds record's source: git-hook, git:sync, ps:rebuild, git:from-archive, ... */
  source: string;
  /** Record REV in the app's `rev-env-var` (GIT_REV), as Dokku does when a revision is given. */
  setRevEnv: boolean;
  /** `deploy-source-set APP <this> REV` after a successful build (git-push for pushes). */
  deploySource?: string;
  push?: PushedRef;
}

/** `git-build-runner APP ID REV --source S [--set-rev-env] [--deploy-source T] [--ref R --old O --receive-pid P]` */
export function jobArgv(job: BuildJob): string[] {
  const out = ["git-build-runner", job.app, job.id, job.rev, "--source", job.source];
  if (job.setRevEnv) out.push("--set-rev-env");
  if (job.deploySource) out.push("--deploy-source", job.deploySource);
  if (job.push) out.push("--ref", job.push.refname, "--old", job.push.oldrev, "--receive-pid", String(job.push.receivePid));
  if (job.push?.quarantine) out.push("--quarantine", job.push.quarantine);
  return out;
}

const BUILD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const REF = /^refs\/(heads|tags)\/[^\s\\:~^?*[]+$/;
const WORD = /^[a-z][a-z0-9:-]{0,63}$/;
/** git's quarantine directory name (`tmp_objdir-incoming-XXXXXX`), a single path segment. */
const QUARANTINE = /^tmp_objdir-incoming-[A-Za-z0-9]+$/;

/** The inverse of jobArgv; the command is hidden but callable, so every value is checked. */
export function parseJob(raw: readonly string[]): BuildJob {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  let setRevEnv = false;
  for (let i = 0; i < raw.length; i++) {
    const arg = raw[i]!;
    if (arg === "--set-rev-env") setRevEnv = true;
    else if (arg.startsWith("--")) options[arg.slice(2)] = raw[++i] ?? "";
    else positionals.push(arg);
  }
  const [app, id = "", rev = ""] = positionals;
  if (!BUILD_ID.test(id)) throw new UserError(`Invalid build id: ${id}`);
  if (!isObjectId(rev)) throw new UserError(`Invalid revision: ${rev}`);
  const source = options.source ?? "";
  if (!WORD.test(source)) throw new UserError(`Invalid build source: ${source}`);
  const deploySource = options["deploy-source"];
  if (deploySource !== undefined && !WORD.test(deploySource)) throw new UserError(`Invalid deploy source: ${deploySource}`);
  const job: BuildJob = { app: parseAppName(app), id, rev, source, setRevEnv, ...(deploySource ? { deploySource } : {}) };
  if (options.ref !== undefined) {
    const receivePid = Number(options["receive-pid"]);
    const oldrev = options.old ?? "";
    if (!REF.test(options.ref) || !isObjectId(oldrev) || !Number.isInteger(receivePid) || receivePid <= 1) {
      throw new UserError("Invalid pushed ref: --ref, --old and --receive-pid must name a branch or tag, an object id and a process");
    }
    const quarantine = options.quarantine;
    if (quarantine !== undefined && !QUARANTINE.test(quarantine)) throw new UserError(`Invalid quarantine directory: ${quarantine}`);
    job.push = { refname: options.ref, oldrev, receivePid, ...(quarantine ? { quarantine } : {}) };
  }
  return job;
}
