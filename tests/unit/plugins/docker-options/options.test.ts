import { describe, expect, test } from "bun:test";
import { splitXargs } from "../../../../src/cli/ssh-command.ts";
import { emittedOptions, fragment, parseOptions, parsePhases, parseProcessTypes } from "../../../../plugins/docker-options/options.ts";
import { splitArgv } from "../../../../plugins/docker-options/commands.ts";

describe("parseOptions", () => {
  test("one entry per --flag group, canonicalised with shell-word rules", () => {
    expect(parseOptions(["--ulimit nofile=12", "--shm-size 256m"])).toEqual(["--ulimit nofile=12", "--shm-size 256m"]);
    expect(parseOptions(["--ulimit nofile=12 --shm-size 256m"])).toEqual(["--ulimit nofile=12", "--shm-size 256m"]);
    expect(parseOptions(["--label \"a b=c\""])).toEqual(["--label 'a b=c'"]);
    expect(parseOptions(["-v", "/a:/b"])).toEqual(["-v /a:/b"]);
    expect(parseOptions(["--memory-swap -1"])).toEqual(["--memory-swap -1"]);
    expect(parseOptions(["-p 1:2", "-p 1:2"])).toEqual(["-p 1:2"]);
  });

  test("values with spaces survive a split by the consumer", () => {
    const [stored] = parseOptions(["--label 'com.example.note=two words'"]);
    expect(splitXargs(stored!)).toEqual(["--label", "com.example.note=two words"]);
  });

  test("bad input is one clear error", () => {
    expect(() => parseOptions([])).toThrow("No docker options specified");
    expect(() => parseOptions(["notaflag"])).toThrow("Invalid docker option: notaflag (options start with - or --)");
    expect(() => parseOptions(["--label 'unterminated"])).toThrow("Unmatched single quote");
    expect(() => parseOptions(["--env A=1\nB"])).toThrow("must not contain newlines");
  });
});

describe("phases and process types", () => {
  test("phases are comma separated, validated and de-duplicated", () => {
    expect(parsePhases("deploy,run,deploy")).toEqual(["deploy", "run"]);
    expect(() => parsePhases("deplo")).toThrow("Phase(s) must be one of [build deploy run]");
    expect(() => parsePhases(undefined)).toThrow("Phase(s) must be one of");
  });

  test("--process names a Procfile type; _default_ is reserved", () => {
    expect(parseProcessTypes(["web", "web", "worker-2"])).toEqual(["web", "worker-2"]);
    expect(() => parseProcessTypes(["_default_"])).toThrow("_default_ is reserved");
    expect(() => parseProcessTypes(["a b"])).toThrow('Invalid process type: "a b"');
  });

  test("--process and --phase are taken anywhere; docker flags stay positional", () => {
    expect(splitArgv(["app", "deploy", "--ulimit nofile=12", "--process", "web", "--process=worker"])).toEqual({
      processes: ["web", "worker"], phase: undefined, positionals: ["app", "deploy", "--ulimit nofile=12"],
    });
    expect(() => splitArgv(["app", "--process"])).toThrow("--process requires a value");
  });
});

describe("emittedOptions", () => {
  const options = ["--restart=always", "--link db", "-v /a:/b", "--volume=/c:/d", "--file x", "--build-arg K", "--shm-size 1g"];

  test("--restart only for deploy", () => {
    expect(emittedOptions(["--restart=always", "--shm-size 1g"], "deploy")).toEqual(["--restart=always", "--shm-size 1g"]);
    expect(emittedOptions(["--restart=always", "--shm-size 1g"], "run")).toEqual(["--shm-size 1g"]);
  });

  test("build filters per builder", () => {
    expect(emittedOptions(options, "build", "dockerfile")).toEqual(["--file x", "--build-arg K", "--shm-size 1g"]);
    expect(emittedOptions(options, "build", "herokuish")).toEqual(["--link db", "-v /a:/b", "--volume=/c:/d", "--shm-size 1g"]);
  });

  test("fragment has a leading space, or is absent", () => {
    expect(fragment(["-a", "-b"])).toBe(" -a -b");
    expect(fragment([])).toBeUndefined();
  });
});
