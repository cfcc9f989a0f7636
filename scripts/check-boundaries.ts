// Enforces the architecture fences of STYLE.md (C6, C10, C11, C15) with plain text scans.
// Run: node_modules/.bin/bun scripts/check-boundaries.ts   (exit 1 on any violation)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

const root = join(import.meta.dir, "..");
const SCANNED = ["src", "plugins", "scripts", "bench", "tests"];
const WARN_LINES = 300;
const MAX_LINES = 400;
/**
 * Declaration tables that are one list by design (the trigger catalog: "one file lists every
 * trigger"), exempt from the size limits. Keep this list short: code files get split instead.
 */
const SIZE_EXEMPT: readonly string[] = ["src/core/trigger-catalog.ts"];

interface Rule {
  name: string;
  pattern: RegExp;
  /** Repo-relative path prefixes the rule applies to. */
  within: readonly string[];
  /** Repo-relative path prefixes exempt from the rule. */
  except: readonly string[];
}

const RULES: readonly Rule[] = [
  // tests/deno is a Deno.test suite by definition (STYLE C14 "Deno smoke").
  { name: "Bun.* outside src/runtime", pattern: /\bBun\.[A-Za-z_]/, within: ["src/", "plugins/", "bench/", "tests/"], except: ["src/runtime/"] },
  { name: "Deno.* outside src/runtime", pattern: /\bDeno\.[A-Za-z_]/, within: ["src/", "plugins/", "bench/", "tests/"], except: ["src/runtime/", "tests/deno/"] },
  { name: "shell string (sh -c)", pattern: /["'`](?:ba|da|z)?sh["'`]\s*,\s*\[?\s*["'`]-c["'`]|\b(?:ba|da|z)?sh\s+-c\b/, within: ["src/", "plugins/"], except: [] },
  { name: "process.exit outside src/runtime", pattern: /\bprocess\.exit\b/, within: ["src/", "plugins/", "bench/", "tests/"], except: ["src/runtime/"] },
  // The working directory is process-global: a chdir around one operation leaks into every other one in flight.
  { name: "process.chdir outside src/runtime (pass the directory: exec's cwd, contextIn)", pattern: /\bprocess\.chdir\b/, within: ["src/", "plugins/", "bench/", "tests/"], except: ["src/runtime/"] },
  { name: "console.* (use ctx.log)", pattern: /\bconsole\.[a-z]/, within: ["src/", "plugins/"], except: [] },
];

function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** Blanks out comments (keeping newlines and strings) so prose about `Bun.x` does not trip a rule. */
export function stripComments(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "/" && next === "/") {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "/" && next === "*") {
      const end = text.indexOf("*/", i + 2);
      const stop = end < 0 ? text.length : end + 2;
      out += text.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < text.length && text[j] !== c && !(c !== "`" && text[j] === "\n")) j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const errors: string[] = [];
const warnings: string[] = [];
for (const file of SCANNED.flatMap((dir) => walk(join(root, dir)))) {
  const rel = relative(root, file).split(sep).join("/");
  const text = readFileSync(file, "utf8");
  const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
  if (SIZE_EXEMPT.includes(rel)) {
    // a table, not code: see SIZE_EXEMPT
  } else if (lines > MAX_LINES) errors.push(`${rel}: ${lines} lines (limit ${MAX_LINES}): split it`);
  else if (lines > WARN_LINES) warnings.push(`${rel}: ${lines} lines (aim for <= 200, warn at ${WARN_LINES})`);
  const code = stripComments(text).split("\n");
  for (const rule of RULES) {
    if (!rule.within.some((p) => rel.startsWith(p)) || rule.except.some((p) => rel.startsWith(p))) continue;
    code.forEach((line, index) => {
      if (rule.pattern.test(line)) errors.push(`${rel}:${index + 1}: ${rule.name}: ${line.trim()}`);
    });
  }
}

for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
for (const error of errors) process.stderr.write(`error: ${error}\n`);
process.stdout.write(`check-boundaries: ${errors.length} error(s), ${warnings.length} warning(s)\n`);
process.exitCode = errors.length > 0 ? 1 : 0;
