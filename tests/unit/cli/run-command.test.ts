import { describe, expect, test } from "bun:test";
import { runCommand } from "../../../src/cli/run-command.ts";
import { defineCommand } from "../../../src/core/plugin.ts";
import { createTestCtx } from "../core/_context.ts";

/** Runs a command that records what it was given. */
async function parse(rawArgs: string[]) {
  await using t = await createTestCtx({ plugins: [] });
  let seen: { args: Record<string, unknown>; raw: readonly string[] } | undefined;
  const command = defineCommand({
    name: "widgets:set",
    description: "Set",
    args: {
      app: { type: "positional", required: false },
      key: { type: "positional", required: false },
      force: { type: "boolean", alias: "f" },
      format: { type: "string" },
    },
    async run(_ctx, args, raw) {
      seen = { args: { ...args }, raw };
      return 3;
    },
  });
  const code = await runCommand(t.ctx, command, rawArgs);
  return { code, ...seen, stdout: t.stdout() }; // no args/raw when the command never ran
}

describe("runCommand", () => {
  test("passes citty's parse and the raw argv, and returns the command's exit code", async () => {
    const r = await parse(["web", "key", "--format", "json", "--force"]);
    expect(r.code).toBe(3);
    expect(r.args).toMatchObject({ app: "web", key: "key", format: "json", force: true });
    expect(r.raw).toEqual(["web", "key", "--format", "json", "--force"]);
  });

  test("single-dash words stay values (never eaten as short flags), declared aliases still work", async () => {
    expect((await parse(["-web", "x"])).args).toMatchObject({ app: "-web", key: "x", _: ["-web", "x"] });
    expect((await parse(["web", "-1"])).args).toMatchObject({ app: "web", key: "-1" });
    expect((await parse(["web", "--format", "-x"])).args).toMatchObject({ format: "-x" });
    expect((await parse(["web", "-f"])).args).toMatchObject({ app: "web", force: true });
    expect((await parse(["web", "--", "-k"])).args).toMatchObject({ app: "web", key: "-k" });
  });

  test("--help and -h print the command's help instead of running it", async () => {
    const r = await parse(["web", "--help"]);
    expect(r).toEqual({ code: 0, stdout: "Usage: dokku widgets:set <app> <key> [--force] [--format format]\n\nSet\n" });
    expect(await parse(["web", "-h"])).toEqual(r);
  });

  test("a verbatim command gets -h and --help as words unless they come first", async () => {
    await using t = await createTestCtx({ plugins: [] });
    const seen: (readonly string[])[] = [];
    const command = defineCommand({ name: "widgets:trigger", description: "Trigger", verbatimArgs: true, run: async (_ctx, _args, raw) => void seen.push(raw) });
    expect(await runCommand(t.ctx, command, ["hook", "-h", "--help"])).toBe(0);
    expect(seen).toEqual([["hook", "-h", "--help"]]);
    expect(await runCommand(t.ctx, command, ["-h"])).toBe(0);
    expect(seen).toHaveLength(1);
    expect(t.stdout()).toStartWith("Usage: dokku widgets:trigger");
  });
});

describe("runCommand with a trailing container command", () => {
  async function trailing(rawArgs: string[]) {
    await using t = await createTestCtx({ plugins: [] });
    let seen: { args: Record<string, unknown>; raw: readonly string[] } | undefined;
    const command = defineCommand({
      name: "run",
      description: "Run a command",
      args: { app: { type: "positional", required: false }, env: { type: "string", alias: "e" } },
      trailingCommand: true,
      async run(_ctx, args, raw) {
        seen = { args: { ...args }, raw };
      },
    });
    const code = await runCommand(t.ctx, command, rawArgs);
    return { code, ...seen, stdout: t.stdout() };
  }

  test("no word is parsed as a flag: the command gets them all in raw", async () => {
    const r = await trailing(["-e", "A=1", "web", "ls", "-la", "--format", "x"]);
    expect(r.args).toEqual({ _: ["-e", "A=1", "web", "ls", "-la", "--format", "x"] });
    expect(r.raw).toEqual(["-e", "A=1", "web", "ls", "-la", "--format", "x"]);
  });

  test("only a leading --help is the command's help; a later one belongs to the container", async () => {
    expect((await trailing(["--help"])).stdout).toStartWith("Usage: dokku run");
    const later = await trailing(["web", "grep", "--help"]);
    expect(later.raw).toEqual(["web", "grep", "--help"]);
    expect(later.stdout).toBe("");
  });
});
