// Community plugins built at test time: real git repositories and hand-made tarballs.
import { chmod, mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { TarMember } from "../_harness/archives.ts";
import { run } from "../_harness/host.ts";

/** A file in a fixture: text, executable when `exec` is set. */
export type FixtureFiles = Record<string, string | { text: string; exec: true }>;

const exec = (text: string) => ({ text, exec: true }) as const;

/** Writes files into `dir`, then `git init` + commit them (identity passed with `-c`). */
export async function gitRepo(dir: string, files: FixtureFiles): Promise<string> {
  await writeFiles(dir, files);
  await git(["init", "-q", dir]);
  await commitAll(dir, "init");
  return dir;
}

export async function commitAll(dir: string, message: string): Promise<void> {
  await git(["-C", dir, "add", "-A"]);
  await git(["-C", dir, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", message]);
}

export async function git(args: string[]): Promise<void> {
  const result = await run(["git", ...args]);
  if (result.code !== 0) throw new Error(`git ${args.join(" ")} failed: ${result.stderr}`);
}

export async function writeFiles(dir: string, files: FixtureFiles): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, typeof content === "string" ? content : content.text);
    if (typeof content !== "string") await chmod(file, 0o755);
  }
}

/** An executable (bash) plugin: commands, subcommands, post-create/install/uninstall triggers. */
export function bashPlugin(install = 'echo "bash plugin installed"\n'): FixtureFiles {
  return {
    "plugin.toml": '[plugin]\ndescription = "hello from bash"\nversion = "1.2.3"\n\n[plugin.config]\ngreeting = "howdy"\n',
    commands: exec(
      '#!/usr/bin/env bash\ncase "$1" in\n  help | hello:help) echo "    hello, Says hello from bash" ;;\n' +
        '  hello:world) echo "hello world from bash" ;;\n  *) exit 10 ;;\nesac\n',
    ),
    "subcommands/default": exec('#!/usr/bin/env bash\necho "hello default: $*"\n'),
    "subcommands/greet": exec('#!/usr/bin/env bash\necho "greetings, $2"\n'),
    "post-create": exec(
      '#!/usr/bin/env bash\necho "$1" > "$MARKER_DIR/bash-post-create"\necho "bash post-create $1 $CONFIG_GREETING trace=${DOKKU_TRACE:-}"\n',
    ),
    install: exec(`#!/usr/bin/env bash\n${install}`),
    uninstall: exec('#!/usr/bin/env bash\necho "bash uninstall $1"\n'),
    "fail-with": exec('#!/usr/bin/env bash\necho "failing with $1"\nexit "$1"\n'),
  };
}

/** A TypeScript module plugin; it imports nothing from this project (types are inline). */
export function tsPlugin(): FixtureFiles {
  return {
    "plugin.toml": '[plugin]\ndescription = "hello from typescript"\nversion = "0.9.0"\n',
    "mod.ts": `import { writeFileSync } from "node:fs";
import { join } from "node:path";

interface Ctx {
  log: { data(text: string): void };
  env: { vars: Readonly<Record<string, string>> };
}

export const plugin = {
  name: "tshello",
  description: "hello from typescript",
  commands: [
    {
      name: "tshello:hi",
      description: "Say hi from TypeScript",
      async run(ctx: Ctx, _args: unknown): Promise<void> {
        ctx.log.data("hi from ts");
      },
    },
  ],
  triggers: {
    "post-create": (ctx: Ctx, [app]: readonly string[]): void => {
      writeFileSync(join(ctx.env.vars.MARKER_DIR ?? "/nonexistent", "ts-post-create"), app ?? "");
      ctx.log.data(\`ts post-create \${app}\`);
    },
    install: (ctx: Ctx): void => ctx.log.data("ts plugin installed"),
  },
};
`,
  };
}

/** The members of a minimal valid plugin under `top/`. */
export function validPluginMembers(top: string): TarMember[] {
  return [
    { name: `${top}/`, type: "5" },
    { name: `${top}/plugin.toml`, data: '[plugin]\ndescription = "archive plugin"\nversion = "0.0.1"\n' },
  ];
}
