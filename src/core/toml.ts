import { UserError } from "./errors.ts";

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/**
 * A small TOML reader for `plugin.toml` files: tables, dotted table headers, bare and quoted keys,
 * basic/literal strings, integers, floats, booleans and single-line arrays. Runtime-neutral
 * (Bun.TOML does not exist under Deno).
 */
export function parseToml(text: string, source = "TOML"): TomlTable {
  const root: TomlTable = {};
  let table = root;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = stripComment(raw).trim();
    if (line === "") return;
    const fail = (why: string) => new UserError(`Cannot parse ${source} line ${index + 1}: ${why}`);
    if (line.startsWith("[")) {
      const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
      if (!header) throw fail(`invalid table header ${JSON.stringify(line)}`);
      table = root;
      for (const part of header[1]!.split(".").map((p) => unquoteKey(p.trim()))) {
        const next = table[part];
        if (next === undefined) table = table[part] = {};
        else if (typeof next === "object" && !Array.isArray(next)) table = next;
        else throw fail(`key ${JSON.stringify(part)} is not a table`);
      }
      return;
    }
    const eq = line.indexOf("=");
    if (eq <= 0) throw fail(`expected key = value, got ${JSON.stringify(line)}`);
    const key = unquoteKey(line.slice(0, eq).trim());
    const [value, rest] = parseValue(line.slice(eq + 1).trim(), fail);
    if (rest.trim() !== "") throw fail(`unexpected text after value: ${JSON.stringify(rest)}`);
    table[key] = value;
  });
  return root;
}

function parseValue(text: string, fail: (why: string) => Error): [TomlValue, string] {
  if (text.startsWith('"')) {
    let out = "";
    for (let i = 1; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"') return [out, text.slice(i + 1)];
      if (c === "\\") {
        const n = text[++i];
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\" };
        out += n !== undefined && n in map ? map[n] : `\\${n ?? ""}`;
      } else out += c;
    }
    throw fail("unterminated string");
  }
  if (text.startsWith("'")) {
    const end = text.indexOf("'", 1);
    if (end < 0) throw fail("unterminated string");
    return [text.slice(1, end), text.slice(end + 1)];
  }
  if (text.startsWith("[")) {
    const items: TomlValue[] = [];
    let rest = text.slice(1).trim();
    while (!rest.startsWith("]")) {
      if (rest === "") throw fail("unterminated array");
      const [item, after] = parseValue(rest, fail);
      items.push(item);
      rest = after.trim();
      if (rest.startsWith(",")) rest = rest.slice(1).trim();
    }
    return [items, rest.slice(1)];
  }
  const word = /^[^,\]\s]+/.exec(text)?.[0] ?? "";
  const rest = text.slice(word.length);
  if (word === "true" || word === "false") return [word === "true", rest];
  if (/^[+-]?\d[\d_]*(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return [Number(word.replaceAll("_", "")), rest];
  throw fail(`invalid value ${JSON.stringify(text)}`);
}

function unquoteKey(key: string): string {
  if ((key.startsWith('"') && key.endsWith('"')) || (key.startsWith("'") && key.endsWith("'"))) return key.slice(1, -1);
  return key;
}

/** Drops a `#` comment that is outside any quoted string. */
function stripComment(line: string): string {
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === "\\" && quote === '"') i++;
      else if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "#") return line.slice(0, i);
  }
  return line;
}
