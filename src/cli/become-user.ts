import { type Env, currentUserName, passwdEntry } from "../core/env.ts";
import { exec } from "../exec/exec.ts";
import { UserError } from "../core/errors.ts";
import type { Runtime } from "../runtime/runtime.ts";

/** Commands that run as the calling user (root) instead of the dokku user (reference 1.4). */
const AS_CALLER = /^(plugin:.*|ssh-keys:add|ssh-keys:remove|scheduler-k3s:initialize|scheduler-k3s:uninstall)$/;

/**
 * Dokku runs as its system user: any other caller is re-executed through
 * `sudo -u dokku -E -H`. Returns the child's exit code, or undefined to continue here.
 */
export async function reexecAsSystemUser(runtime: Runtime, env: Env, argv: readonly string[], command: string | undefined): Promise<number | undefined> {
  const current = currentUserName();
  if (current === env.systemUser || (command !== undefined && AS_CALLER.test(command))) return undefined;
  // Before install.sh created the user there is nobody to become; run as the caller.
  if (!passwdEntry(env.systemUser)) return undefined;
  const childEnv: Record<string, string> = { ...env.vars, SSH_USER: env.vars.SSH_USER || current };
  for (const name of ["DOKKU_PID", "TMP", "TMPDIR", "TEMP", "TEMPDIR"]) delete childEnv[name];
  const result = await exec(["sudo", "-u", env.systemUser, "-E", "-H", ...runtime.self, ...argv], {
    env: childEnv,
    input: "inherit",
    stdout: "inherit",
    stderr: "inherit",
    check: false,
  });
  if (result.code === 127 && result.stdout === "" && result.stderr !== "") {
    throw new UserError(`Cannot run dokku as ${env.systemUser}: sudo is not available (${result.stderr})`);
  }
  return result.code;
}
