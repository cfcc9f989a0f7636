import { describe, expect, test } from "bun:test";
import { type BranchState, nextState, parseRefUpdates, planRefUpdate } from "../../../../plugins/git/branch.ts";

const OLD = "0".repeat(40);
const NEW = "a".repeat(40);
const update = (refname: string, newrev = NEW) => ({ oldrev: OLD, newrev, refname });
const state = (over: Partial<BranchState> = {}): BranchState => ({ deployBranch: "master", explicit: false, receiveBranchHook: false, ...over });

describe("planRefUpdate", () => {
  test("the deploy branch deploys", () => {
    expect(planRefUpdate(update("refs/heads/master"), state())).toEqual({ kind: "deploy", rev: NEW });
  });

  test("a tag named like the deploy branch deploys too", () => {
    expect(planRefUpdate(update("refs/tags/master"), state())).toEqual({ kind: "deploy", rev: NEW });
  });

  test("the first branch pushed becomes the deploy branch when none is configured", () => {
    expect(planRefUpdate(update("refs/heads/main"), state())).toEqual({ kind: "set-branch-and-deploy", branch: "main", rev: NEW });
  });

  test("another branch is accepted without deploying once a deploy branch is configured", () => {
    expect(planRefUpdate(update("refs/heads/feature"), state({ deployBranch: "main", explicit: true }))).toEqual({
      kind: "wrong-branch",
      pushed: "feature",
      deployBranch: "main",
    });
  });

  test("a tag never becomes the deploy branch", () => {
    expect(planRefUpdate(update("refs/tags/v1"), state())).toEqual({ kind: "wrong-branch", pushed: "refs/tags/v1", deployBranch: "master" });
  });

  test("a receive-branch plugin gets every other ref", () => {
    expect(planRefUpdate(update("refs/heads/feature"), state({ receiveBranchHook: true }))).toEqual({
      kind: "receive-branch",
      rev: NEW,
      refname: "refs/heads/feature",
    });
  });

  test("deleting a ref builds nothing", () => {
    expect(planRefUpdate(update("refs/heads/master", OLD), state())).toEqual({ kind: "ignore-delete" });
  });

  test("after adopting a branch, a second branch in the same push does not deploy", () => {
    const first = planRefUpdate(update("refs/heads/main"), state());
    const after = nextState(state(), first);
    expect(after).toEqual(state({ deployBranch: "main", explicit: true }));
    expect(planRefUpdate(update("refs/heads/other"), after).kind).toBe("wrong-branch");
  });
});

test("parseRefUpdates reads git's pre-receive lines and skips junk", () => {
  expect(parseRefUpdates(`${OLD} ${NEW} refs/heads/main\n\nbroken line\n${NEW} ${OLD} refs/tags/v1\n`)).toEqual([
    { oldrev: OLD, newrev: NEW, refname: "refs/heads/main" },
    { oldrev: NEW, newrev: OLD, refname: "refs/tags/v1" },
  ]);
});
