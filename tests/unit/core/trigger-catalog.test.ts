// The trigger catalog is the one list of triggers the core fires or handles: every core handler
// is declared there, `unhandled` marks exactly the triggers no core plugin answers, and the bus
// checks a declared trigger's arguments (app names above all) before any handler runs.
import { describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { corePlugins } from "../../../plugins/index.ts";
import { definePlugin } from "../../../src/core/plugin.ts";
import { TRIGGERS, type TriggerSpec, isTriggerName } from "../../../src/core/trigger-catalog.ts";
import { checkArgs } from "../../../src/core/triggers.ts";
import { createTestCtx } from "./_context.ts";

const specs: Record<string, TriggerSpec> = TRIGGERS;
const handled = new Map<string, string[]>();
for (const plugin of corePlugins) {
  for (const name of Object.keys(plugin.triggers ?? {})) handled.set(name, [...(handled.get(name) ?? []), plugin.name]);
}

describe("trigger catalog", () => {
  test("every trigger a core plugin handles is declared", () => {
    const undeclared = [...handled.keys()].filter((name) => !isTriggerName(name));
    expect(undeclared).toEqual([]);
  });

  test("`unhandled` marks exactly the declared triggers no core plugin handles", () => {
    const wrong = Object.entries(specs).flatMap(([name, spec]) => {
      const by = handled.get(name);
      if (by && spec.unhandled) return [`${name}: marked unhandled but handled by ${by.join(", ")}`];
      if (!by && !spec.unhandled) return [`${name}: no core handler and no unhandled note`];
      return [];
    });
    expect(wrong).toEqual([]);
  });

  test("argument declarations are well formed: optional after required, rest last", () => {
    for (const [name, spec] of Object.entries(specs)) {
      let seenOptional = false;
      spec.args.forEach((arg, i) => {
        expect(arg, name).toMatch(/^(\.\.\.)?[A-Z][A-Z0-9_]*\??$/);
        if (arg.startsWith("...")) expect(i, `${name}: rest must be last`).toBe(spec.args.length - 1);
        else if (arg.endsWith("?")) seenOptional = true;
        else expect(seenOptional, `${name}: ${arg} follows an optional argument`).toBe(false);
      });
      for (const plugin of spec.first ?? []) expect(corePlugins.some((p) => p.name === plugin), `${name}: first ${plugin}`).toBe(true);
    }
  });

  test("every trigger name core code fires is declared", async () => {
    // The types already forbid it; this catches a name smuggled through a cast or `fire()`.
    const fired = new Set<string>();
    for (const dir of ["src", "plugins"]) {
      for (const file of await listTs(join(import.meta.dir, "../../..", dir))) {
        const text = await readFile(file, "utf8");
        for (const m of text.matchAll(/triggers\.(?:notify|query|run|exists|fire)\(\s*"([^"]+)"/g)) fired.add(m[1]!);
      }
    }
    expect(fired.size).toBeGreaterThan(40);
    expect([...fired].filter((name) => !isTriggerName(name))).toEqual([]);
  });
});

describe("argument checks", () => {
  test("app arguments must be valid names, so no handler sees a path like ../../x", () => {
    expect(() => checkArgs("post-create", TRIGGERS["post-create"], ["../../x"])).toThrow("App name must begin");
    expect(() => checkArgs("post-create", TRIGGERS["post-create"], ["a/b"])).toThrow("App name must begin");
    expect(() => checkArgs("post-app-rename-setup", TRIGGERS["post-app-rename-setup"], ["old", ".."])).toThrow("App name must begin");
    expect(() => checkArgs("post-create", TRIGGERS["post-create"], [""])).toThrow("Please specify an app");
    expect(checkArgs("post-create", TRIGGERS["post-create"], ["web"])).toEqual(["web"]);
  });

  test("SCOPE takes an app or --global", () => {
    expect(checkArgs("scheduler-detect", TRIGGERS["scheduler-detect"], ["--global"])).toEqual(["--global"]);
    expect(checkArgs("scheduler-detect", TRIGGERS["scheduler-detect"], [])).toEqual([]);
    expect(() => checkArgs("scheduler-detect", TRIGGERS["scheduler-detect"], ["../x"])).toThrow("App name must begin");
  });

  test("a missing required argument is refused with the declaration", () => {
    expect(() => checkArgs("builder-build", TRIGGERS["builder-build"], ["herokuish", "web"])).toThrow(
      "Trigger builder-build expects BUILDER APP WORKDIR: missing WORKDIR",
    );
  });

  test("trailing undefined optionals are dropped, inner ones become empty strings", () => {
    expect(checkArgs("builds-follow", TRIGGERS["builds-follow"], ["web", "id", undefined])).toEqual(["web", "id"]);
    expect(checkArgs("git-from-image", TRIGGERS["git-from-image"], ["web", "img", undefined, "me"])).toEqual(["web", "img", "", "me"]);
  });

  test("undeclared triggers pass through untouched", () => {
    expect(checkArgs("my-own-trigger", undefined, ["../x", ""])).toEqual(["../x", ""]);
  });
});

describe("chain order", () => {
  test("a trigger's `first` plugins run before the alphabet says they would", async () => {
    const calls: string[] = [];
    const mk = (name: string) => definePlugin({ name, description: name, triggers: { "builder-detect": () => void calls.push(name) } });
    // "aaa" sorts before "builder", but the catalog says builder answers builder-detect first.
    await using t = await createTestCtx({ plugins: [mk("zzz"), mk("aaa"), mk("builder")] });
    await t.ctx.triggers.query("builder-detect", "web", "/tmp");
    expect(calls).toEqual(["builder", "aaa", "zzz"]);
  });

  test("a refused argument stops the trigger before any handler runs", async () => {
    let ran = false;
    await using t = await createTestCtx({ plugins: [definePlugin({ name: "p", description: "p", triggers: { "post-create": () => void (ran = true) } })] });
    await expect(t.ctx.triggers.fire("post-create", ["../../x"])).rejects.toThrow("App name must begin");
    expect(ran).toBe(false);
    expect(existsSync(join(t.root, "x"))).toBe(false);
  });
});

async function listTs(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listTs(path)));
    else if (entry.name.endsWith(".ts")) out.push(path);
  }
  return out;
}
