import { describe, expect, test } from "bun:test";
import { type BuildJob, jobArgv, parseJob } from "../../../../plugins/git/build-job.ts";

const REV = "a".repeat(40);
const ZERO = "0".repeat(40);

describe("the runner's command line", () => {
  test.each<[string, BuildJob]>([
    ["an attached rebuild", { app: "web", id: "mwxjvta4pt85b3", rev: REV, source: "ps:rebuild", setRevEnv: false }],
    [
      "a push",
      { app: "web", id: "pid-42", rev: REV, source: "git-hook", setRevEnv: true, deploySource: "git-push", push: { refname: "refs/heads/main", oldrev: ZERO, receivePid: 1234 } },
    ],
  ])("%s survives the round trip", (_name, job) => {
    const argv = jobArgv(job);
    expect(argv[0]).toBe("git-build-runner");
    expect(parseJob(argv.slice(1))).toEqual(job);
  });

  test.each([
    ["a bad id", ["web", "../x", REV, "--source", "git-hook"], "Invalid build id"],
    ["a short revision", ["web", "abc", "abc", "--source", "git-hook"], "Invalid revision"],
    ["an odd source", ["web", "abc", REV, "--source", "Bad Source"], "Invalid build source"],
    ["a ref outside heads and tags", ["web", "abc", REV, "--source", "git-hook", "--ref", "refs/x", "--old", ZERO, "--receive-pid", "9"], "Invalid pushed ref"],
    ["pid 1 as receive-pack", ["web", "abc", REV, "--source", "git-hook", "--ref", "refs/heads/main", "--old", ZERO, "--receive-pid", "1"], "Invalid pushed ref"],
    ["a bad app", ["Bad_App", "abc", REV, "--source", "git-hook"], "App name"],
  ])("%s is refused", (_name, argv, message) => {
    expect(() => parseJob(argv)).toThrow(message);
  });
});
