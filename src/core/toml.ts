import { Scanner, assign, isTable, own, put, readKey, readValue, type TomlTable } from "./toml-values.ts";

export type { TomlTable, TomlValue } from "./toml-values.ts";

/**
 * A runtime-neutral TOML 1.0 reader for community plugins' `plugin.toml` (Bun.TOML does not exist under
 * Deno). Date-times are returned as their source strings. Errors are `UserError`s naming the line.
 */
export function parseToml(text: string, source = "TOML"): TomlTable {
  const s = new Scanner(text.startsWith("\uFEFF") ? text.slice(1) : text, source);
  const root: TomlTable = {};
  let table = root;
  while (!s.eof()) {
    s.skipWs();
    const at = s.pos;
    if (s.peek() === "[") {
      table = readHeader(s, root);
      continue;
    }
    if (s.peek() !== "#" && !s.atNewline() && !s.eof()) {
      const keys = readKey(s);
      if (!keys || s.peek() !== "=") throw s.fail(`expected key = value, got ${JSON.stringify(s.lineText(at))}`, at);
      s.pos++;
      s.skipWs();
      assign(s, table, keys, readValue(s), at);
      const after = s.pos;
      if (!s.endLine()) throw s.fail(`unexpected text after value: ${JSON.stringify(s.restOfLine(after))}`, after);
      continue;
    }
    s.endLine();
  }
  return root;
}

/** `[a.b]` or `[[a.b]]` on a line of its own; returns the table that following key/values fill. */
function readHeader(s: Scanner, root: TomlTable): TomlTable {
  const at = s.pos;
  const isArray = s.startsWith("[[");
  s.pos += isArray ? 2 : 1;
  const keys = readKey(s);
  const close = isArray ? "]]" : "]";
  const valid = keys !== undefined && s.startsWith(close) && ((s.pos += close.length), s.endLine());
  if (!valid) throw s.fail(`invalid table header ${JSON.stringify(s.lineText(at))}`, at);
  return openTable(s, root, keys, isArray, at);
}

/**
 * Walks a header path: missing tables are created implicitly, an array of tables means its last
 * element. A table may be defined by one header only, and never after dotted keys or an inline table.
 */
function openTable(s: Scanner, root: TomlTable, keys: string[], isArray: boolean, at: number): TomlTable {
  let table = root;
  for (const key of keys.slice(0, -1)) {
    let next = own(table, key) ?? put(table, key, s.mark({}, "implicit"));
    if (Array.isArray(next) && s.origins.get(next) === "aot") next = next.at(-1)!;
    if (!isTable(next) || s.origins.get(next) === "inline") throw s.fail(`key ${JSON.stringify(key)} is not a table`, at);
    table = next;
  }
  const last = keys.at(-1)!;
  const name = JSON.stringify(keys.join("."));
  const existing = own(table, last);
  if (isArray) {
    const list = existing ?? put(table, last, s.mark([], "aot"));
    if (!Array.isArray(list) || s.origins.get(list) !== "aot") throw s.fail(`${name} is not an array of tables`, at);
    const element = s.mark({}, "header");
    list.push(element);
    return element;
  }
  if (existing === undefined) return put(table, last, s.mark({}, "header"));
  if (isTable(existing) && s.origins.get(existing) === "implicit") return s.mark(existing, "header");
  throw s.fail(isTable(existing) ? `table ${name} is already defined` : `key ${JSON.stringify(last)} is not a table`, at);
}
