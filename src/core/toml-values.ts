import { UserError } from "./errors.ts";

export type TomlValue = string | number | boolean | TomlValue[] | TomlTable;
export interface TomlTable {
  [key: string]: TomlValue;
}

/** How a table or array came to exist; TOML 1.0 lets only some of them be reopened or extended. */
export type Origin = "implicit" | "header" | "dotted" | "inline" | "static" | "aot";

/** A cursor over a TOML document that turns positions into `Cannot parse <source> line N: <why>` errors. */
export class Scanner {
  pos = 0;
  readonly origins = new WeakMap<object, Origin>();
  constructor(
    readonly text: string,
    readonly source: string,
  ) {}

  fail(why: string, at = this.pos): UserError {
    let line = 1;
    for (let i = 0; i < at && i < this.text.length; i++) if (this.text[i] === "\n") line++;
    return new UserError(`Cannot parse ${this.source} line ${line}: ${why}`);
  }
  peek(offset = 0): string {
    return this.text[this.pos + offset] ?? "";
  }
  startsWith(str: string): boolean {
    return this.text.startsWith(str, this.pos);
  }
  eof(): boolean {
    return this.pos >= this.text.length;
  }
  atNewline(): boolean {
    return this.peek() === "\n" || this.startsWith("\r\n");
  }
  skipNewline(): void {
    this.pos += this.peek() === "\r" ? 2 : 1;
  }
  skipWs(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }
  /** Skips whitespace, comments and newlines (between array items). */
  skipBlank(): void {
    for (;;) {
      this.skipWs();
      if (this.peek() === "#") while (!this.eof() && !this.atNewline()) this.pos++;
      else if (this.atNewline()) this.skipNewline();
      else return;
    }
  }
  /** The rest of the current line from `at` (no line break), for error messages. */
  restOfLine(at = this.pos): string {
    const end = this.text.indexOf("\n", at);
    return this.text.slice(at, end < 0 ? undefined : end).replace(/\r$/, "").trimEnd();
  }
  /** The whole trimmed line holding `at`, for error messages. */
  lineText(at: number): string {
    return this.restOfLine(this.text.lastIndexOf("\n", at - 1) + 1).trim();
  }
  /** Consumes trailing whitespace, an optional comment and the line break; false if other text follows. */
  endLine(): boolean {
    this.skipWs();
    if (this.peek() === "#") while (!this.eof() && !this.atNewline()) this.pos++;
    if (this.eof()) return true;
    if (!this.atNewline()) return false;
    this.skipNewline();
    return true;
  }
  mark<T extends object>(value: T, origin: Origin): T {
    this.origins.set(value, origin);
    return value;
  }
}

export function isTable(value: TomlValue | undefined): value is TomlTable {
  return typeof value === "object" && !Array.isArray(value);
}

/** Own property only, so keys like `constructor` or `__proto__` never hit the prototype. */
export function own(table: TomlTable, key: string): TomlValue | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

export function put<T extends TomlValue>(table: TomlTable, key: string, value: T): T {
  Object.defineProperty(table, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** Reads a possibly dotted key (`a."b.c".'d'`); undefined when no key starts here. */
export function readKey(s: Scanner): string[] | undefined {
  const keys: string[] = [];
  for (;;) {
    s.skipWs();
    const c = s.peek();
    if (c === '"' || c === "'") keys.push(readString(s, false));
    else {
      const bare = /[A-Za-z0-9_-]+/y;
      bare.lastIndex = s.pos;
      const word = bare.exec(s.text)?.[0];
      if (word === undefined) return undefined;
      keys.push(word);
      s.pos += word.length;
    }
    s.skipWs();
    if (s.peek() !== ".") return keys;
    s.pos++;
  }
}

/** Sets a dotted key under `table`, creating sub-tables; reusing a key or leaving a dotted table is an error. */
export function assign(s: Scanner, table: TomlTable, keys: string[], value: TomlValue, at: number): void {
  let current = table;
  for (const key of keys.slice(0, -1)) {
    const next = own(current, key);
    if (next === undefined) current = put(current, key, s.mark({}, "dotted"));
    else if (isTable(next) && s.origins.get(next) === "dotted") current = next;
    else throw s.fail(isTable(next) ? `table ${JSON.stringify(key)} is already defined` : `key ${JSON.stringify(key)} is not a table`, at);
  }
  const last = keys.at(-1)!;
  if (own(current, last) !== undefined) throw s.fail(`duplicate key ${JSON.stringify(last)}`, at);
  put(current, last, value);
}

/** Reads one value: string, array, inline table, or a bare scalar (number, boolean, date-time). */
export function readValue(s: Scanner): TomlValue {
  const c = s.peek();
  if (c === '"' || c === "'") return readString(s, true);
  if (c === "[") return readArray(s);
  if (c === "{") return readInlineTable(s);
  return readScalar(s);
}

const ESCAPES: Record<string, string> = { b: "\b", t: "\t", n: "\n", f: "\f", r: "\r", '"': '"', "\\": "\\" };

function readString(s: Scanner, allowMulti: boolean): string {
  const start = s.pos;
  const quote = s.peek();
  const multi = allowMulti && s.startsWith(quote.repeat(3));
  s.pos += multi ? 3 : 1;
  if (multi && s.atNewline()) s.skipNewline(); // a line break right after the opening quotes is trimmed
  let out = "";
  for (;;) {
    if (s.eof() || (!multi && s.atNewline())) throw s.fail("unterminated string", start);
    const c = s.peek();
    if (c === quote && (!multi || s.startsWith(quote.repeat(3)))) {
      let n = 1;
      while (multi && s.peek(n) === quote) n++;
      if (n > 5) throw s.fail("too many quotes closing a multi-line string");
      s.pos += n;
      return multi ? out + quote.repeat(n - 3) : out;
    }
    if (c === "\\" && quote === '"') out += readEscape(s, multi);
    else if (multi && s.atNewline()) {
      s.skipNewline();
      out += "\n";
    } else if ((c < " " && c !== "\t") || c === "\x7f") throw s.fail("control character in string");
    else {
      out += c;
      s.pos++;
    }
  }
}

function readEscape(s: Scanner, multi: boolean): string {
  const at = s.pos;
  const letter = s.peek(1);
  s.pos += 2;
  if (Object.hasOwn(ESCAPES, letter)) return ESCAPES[letter]!;
  if (letter === "u" || letter === "U") {
    const hex = s.text.slice(s.pos, s.pos + (letter === "u" ? 4 : 8));
    const code = /^[0-9A-Fa-f]{4}([0-9A-Fa-f]{4})?$/.test(hex) ? parseInt(hex, 16) : -1;
    if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw s.fail(`invalid unicode escape ${JSON.stringify(`\\${letter}${hex}`)}`, at);
    }
    s.pos += hex.length;
    return String.fromCodePoint(code);
  }
  s.pos = at + 1;
  s.skipWs();
  if (!multi || !s.atNewline()) throw s.fail(`invalid escape ${JSON.stringify(`\\${letter}`)}`, at);
  // Line-ending backslash: drop the break and all whitespace up to the next visible character.
  while (s.atNewline() || s.peek() === " " || s.peek() === "\t") s.atNewline() ? s.skipNewline() : s.pos++;
  return "";
}

function readArray(s: Scanner): TomlValue[] {
  const start = s.pos++;
  const items = s.mark([] as TomlValue[], "static");
  for (;;) {
    s.skipBlank();
    if (s.eof()) throw s.fail("unterminated array", start);
    if (s.peek() === "]") break;
    items.push(readValue(s));
    s.skipBlank();
    if (s.peek() === ",") s.pos++;
    else if (s.eof()) throw s.fail("unterminated array", start);
    else if (s.peek() !== "]") throw s.fail(`expected "," or "]" in array, got ${JSON.stringify(s.restOfLine())}`);
  }
  s.pos++;
  return items;
}

/** `{ a = 1, b.c = "x" }`: one line, no trailing comma (TOML 1.0), closed to later additions. */
function readInlineTable(s: Scanner): TomlTable {
  const start = s.pos++;
  const table: TomlTable = {};
  s.skipWs();
  while (s.peek() !== "}") {
    const at = s.pos;
    const keys = readKey(s);
    if (!keys || s.peek() !== "=") throw s.fail(`expected key = value in inline table, got ${JSON.stringify(s.restOfLine(at))}`);
    s.pos++;
    s.skipWs();
    assign(s, table, keys, readValue(s), at);
    s.skipWs();
    if (s.peek() === ",") {
      s.pos++;
      s.skipWs();
      if (s.peek() === "}") throw s.fail("trailing comma in inline table");
    } else if (s.eof() || s.atNewline()) throw s.fail("unterminated inline table", start);
    else if (s.peek() !== "}") throw s.fail(`expected "," or "}" in inline table, got ${JSON.stringify(s.restOfLine())}`);
  }
  s.pos++;
  return s.mark(table, "inline");
}

const DATE_TIME = /\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(?:\.\d+)?/y;
const INTEGER = /^(?:[+-]?(?:0|[1-9](?:_?\d)*)|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*)$/;
const FLOAT = /^[+-]?(?:0|[1-9](?:_?\d)*)(?:\.\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const WORD = /[0-9A-Za-z_+.:-]+/y;

/** Numbers, booleans and date-times; date-times stay strings (plugin.toml never needs them as dates). */
function readScalar(s: Scanner): TomlValue {
  const start = s.pos;
  DATE_TIME.lastIndex = WORD.lastIndex = start;
  const date = DATE_TIME.exec(s.text)?.[0];
  const word = WORD.exec(s.text)?.[0] ?? "";
  if (date !== undefined && date.length >= word.length) {
    s.pos += date.length;
    return date;
  }
  s.pos += word.length;
  if (word === "true" || word === "false") return word === "true";
  if (INTEGER.test(word) || FLOAT.test(word)) return Number(word.replaceAll("_", ""));
  const special = /^([+-]?)(inf|nan)$/.exec(word);
  if (special) return special[2] === "nan" ? NaN : special[1] === "-" ? -Infinity : Infinity;
  s.pos = start;
  throw s.fail(`invalid value ${JSON.stringify(s.restOfLine())}`);
}
