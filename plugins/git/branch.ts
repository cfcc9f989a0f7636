import { ZERO_REV } from "./schema.ts";

/** One line of pre-receive input: `<oldrev> <newrev> <refname>`. */
export interface RefUpdate {
  oldrev: string;
  newrev: string;
  refname: string;
}

/** What the hook knows when it decides about a pushed ref. */
export interface BranchState {
  /** The computed deploy branch (app, else global, else master). */
  deployBranch: string;
  /** True when the app or the global scope has `deploy-branch` set. */
  explicit: boolean;
  /** True when some plugin implements `receive-branch`. */
  receiveBranchHook: boolean;
}

export type RefAction =
  | { kind: "deploy"; rev: string }
  | { kind: "set-branch-and-deploy"; branch: string; rev: string }
  | { kind: "receive-branch"; rev: string; refname: string }
  | { kind: "ignore-delete" }
  | { kind: "wrong-branch"; pushed: string; deployBranch: string };

/** Parses the hook's stdin; blank and malformed lines are skipped. */
export function parseRefUpdates(input: string): RefUpdate[] {
  const out: RefUpdate[] = [];
  for (const line of input.split("\n")) {
    const [oldrev, newrev, refname] = line.trim().split(/\s+/);
    if (oldrev && newrev && refname) out.push({ oldrev, newrev, refname });
  }
  return out;
}

/**
 * Dokku's `git-hook` decision for one pushed ref (reference 5.3): the deploy branch (or a tag
 * of that name) deploys; other refs go to `receive-branch` when a plugin wants them; the first
 * branch pushed to an app with no deploy branch configured becomes the deploy branch; anything
 * else is accepted without a deploy.
 */
export function planRefUpdate(update: RefUpdate, state: BranchState): RefAction {
  // Deleting a ref leaves nothing to build; git itself records the deletion.
  if (ZERO_REV.test(update.newrev)) return { kind: "ignore-delete" };
  const { refname, newrev } = update;
  if (refname === `refs/heads/${state.deployBranch}` || refname === `refs/tags/${state.deployBranch}`) {
    return { kind: "deploy", rev: newrev };
  }
  if (state.receiveBranchHook) return { kind: "receive-branch", rev: newrev, refname };
  if (!state.explicit && refname.startsWith("refs/heads/")) {
    return { kind: "set-branch-and-deploy", branch: refname.slice("refs/heads/".length), rev: newrev };
  }
  return { kind: "wrong-branch", pushed: refname.replace(/^refs\/heads\//, ""), deployBranch: state.deployBranch };
}

/** The state after an action: a branch set by the first push is explicit from then on. */
export function nextState(state: BranchState, action: RefAction): BranchState {
  return action.kind === "set-branch-and-deploy" ? { ...state, deployBranch: action.branch, explicit: true } : state;
}
