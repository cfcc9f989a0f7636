import { readFile } from "node:fs/promises";
import type { Ctx } from "../core/context.ts";
import { UserError, isNotFound } from "../core/errors.ts";

/** The template engine: Go text/template, the subset Dokku's sigil templates use. */
export type TemplateRenderer = (template: string, data: Readonly<Record<string, string>>, env: Readonly<Record<string, string>>) => string;

const USAGE = "Usage: sigil [-f FILE | -i TEMPLATE] [KEY=VALUE...]   (template from stdin otherwise)";

/**
 * `sigil`, as plugins call it (letsencrypt renders its nginx snippets with it): the template
 * from `-f FILE`, `-i TEXT` or stdin, `KEY=VALUE` arguments as `.KEY` / `$.KEY`, the environment
 * plus those arguments for `var "KEY"`, and the result on stdout. Functions that reach outside
 * the template (sh, file, httpget, ...) are refused by the engine.
 */
export async function runSigil(ctx: Ctx, argv: readonly string[], render: TemplateRenderer): Promise<number> {
  let template: string | undefined;
  const data: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-f" || arg === "-i") {
      const value = argv[++i];
      if (value === undefined) throw new UserError(`sigil: ${arg} needs a value\n${USAGE}`);
      template = arg === "-f" ? await readTemplate(value) : value;
    } else if (arg === "-h" || arg === "--help") {
      ctx.io.stdout.write(`${USAGE}\n`);
      return 0;
    } else if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(arg)) {
      const at = arg.indexOf("=");
      data[arg.slice(0, at)] = arg.slice(at + 1);
    } else {
      throw new UserError(`sigil: unexpected argument ${JSON.stringify(arg)}\n${USAGE}`);
    }
  }
  template ??= await ctx.io.readStdin();
  ctx.io.stdout.write(render(template, data, { ...ctx.env.vars, ...data }));
  return 0;
}

async function readTemplate(path: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (isNotFound(error)) throw new UserError(`sigil: template ${path} does not exist`);
    throw error;
  }
}
