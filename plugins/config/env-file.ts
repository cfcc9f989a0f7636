/**
 * Dokku's per-app ENV file (`/var/lib/dokku/config/<APP>/ENV`): read with godotenv v1.5.1
 * semantics, written the way Dokku's writer (godotenv.Marshal) does, minus its integer quirk.
 */

/** Result of reading an ENV file: valid entries plus keys Dokku would delete and rewrite. */
export interface ParsedEnvFile {
  entries: Map<string, string>;
  invalidKeys: string[];
  /** Line of the first invalid key, when there is one (errors name lines, never file content). */
  firstInvalidLine?: number;
}

const VALID_KEY = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
// godotenv's isSpace: deliberately excludes "\n", which ends a statement.
const INLINE_SPACE = "\t\v\f\r \u0085\u00a0";
// dokku-compat: godotenv only expands upper-case/digit/underscore names, so `$lower` stays literal.
const VAR_NAME = /^[A-Z0-9_]+/;
const BRACED_VAR_NAME = /^\{([A-Z0-9_]+)\}/;

/** True when `key` is acceptable as a Dokku config key (`^[a-zA-Z_][a-zA-Z0-9_]*$`). */
export function isValidEnvKey(key: string): boolean {
  return VALID_KEY.test(key);
}

type Resolve = (name: string) => string;

function isInlineSpace(c: string | undefined): boolean {
  return c !== undefined && c !== "" && INLINE_SPACE.includes(c);
}

function trimInline(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && isInlineSpace(s[start])) start++;
  while (end > start && isInlineSpace(s[end - 1])) end--;
  return s.slice(start, end);
}

/** Expands `$NAME` / `${NAME}` at `s[i]` (a `$`); returns the text and how many chars it used. */
function expandAt(s: string, i: number, resolve: Resolve): [string, number] {
  const rest = s.slice(i + 1);
  const braced = BRACED_VAR_NAME.exec(rest);
  if (braced) return [resolve(braced[1]!), braced[0].length + 1];
  const bare = VAR_NAME.exec(rest);
  if (bare) return [resolve(bare[0]), bare[0].length + 1];
  return ["$", 1]; // `$(...)`, `$ `, trailing `$`: never command substitution, just a dollar
}

/** Unquoted values: only `\$` is an escape (godotenv keeps every other backslash). */
function expandUnquoted(s: string, resolve: Resolve): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "\\" && s[i + 1] === "$") {
      out += "$";
      i += 2;
    } else if (c === "$") {
      const [text, used] = expandAt(s, i, resolve);
      out += text;
      i += used;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Double-quoted bodies: `\n`/`\r` become control chars, any other `\X` is X; `$` expands. */
function expandDoubleQuoted(s: string, resolve: Resolve): string {
  let out = "";
  for (let i = 0; i < s.length; ) {
    const c = s[i]!;
    if (c === "\\" && i + 1 < s.length) {
      const next = s[i + 1]!;
      out += next === "n" ? "\n" : next === "r" ? "\r" : next;
      i += 2;
    } else if (c === "$") {
      const [text, used] = expandAt(s, i, resolve);
      out += text;
      i += used;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index of the closing quote, skipping backslash escapes inside double quotes; -1 if none. */
function findClosingQuote(src: string, open: number): number {
  const quote = src[open]!;
  if (quote === "'") return src.indexOf("'", open + 1);
  for (let i = open + 1; i < src.length; i++) {
    if (src[i] === "\\") i++;
    else if (src[i] === '"') return i;
  }
  return -1;
}

/**
 * Parses ENV file text (godotenv semantics: `export`, `KEY=v` / `KEY: v`, quoting, `$VAR`
 * expansion from earlier keys then `lookup`). Throws on lines that are not assignments.
 */
export function parseEnvFile(
  text: string,
  lookup?: (name: string) => string | undefined,
): ParsedEnvFile {
  const src = text.replace(/\r\n/g, "\n");
  const entries = new Map<string, string>();
  const invalid = new Set<string>();
  let firstInvalidLine: number | undefined;
  const resolve: Resolve = (name) => entries.get(name) ?? lookup?.(name) ?? "";
  let pos = 0;
  let lineNo = 1;
  const lineEnd = (from: number): number => {
    const nl = src.indexOf("\n", from);
    return nl < 0 ? src.length : nl;
  };
  while (pos < src.length) {
    const end = lineEnd(pos);
    const line = src.slice(pos, end);
    // The message names the line, never its text: the file may hold secrets (or be /etc/shadow).
    const fail = (why: string): never => {
      throw new Error(`Cannot parse env file line ${lineNo}: ${why}`);
    };
    const body = trimInline(line);
    if (body === "" || body.startsWith("#")) {
      pos = end + 1;
      lineNo++;
      continue;
    }
    const stmt = body.replace(/^export[\t\v\f\r \u0085\u00a0]+/, "");
    const sep = stmt.search(/[=:]/);
    if (sep < 0) fail("not a KEY=VALUE assignment");
    const key = trimInline(stmt.slice(0, sep));
    const keyLine = lineNo;
    // Value text starts after the separator and godotenv's leading-space trim; it may run past `end`.
    let lead = 0;
    while (isInlineSpace(line[lead])) lead++;
    let vStart = pos + lead + (body.length - stmt.length) + sep + 1;
    while (isInlineSpace(src[vStart])) vStart++;
    let value: string;
    let next: number;
    const quote = src[vStart];
    if (quote === '"' || quote === "'") {
      const close = findClosingQuote(src, vStart);
      if (close < 0) fail("unterminated quoted value");
      const raw = src.slice(vStart + 1, close);
      value = quote === "'" ? raw : expandDoubleQuoted(raw, resolve);
      next = lineEnd(close);
      // After the closing quote only blanks or a comment may follow (godotenv skips those too).
      if (!/^[\t\v\f\r \u0085\u00a0]*(?:#|$)/.test(src.slice(close + 1, next))) {
        fail("unexpected text after closing quote");
      }
      for (let i = pos; i < close; i++) if (src[i] === "\n") lineNo++;
    } else {
      let raw = src.slice(vStart, end);
      // dokku-compat: godotenv cuts at the right-most `#` that follows a blank.
      for (let i = raw.length - 1; i > 0; i--) {
        if (raw[i] === "#" && isInlineSpace(raw[i - 1])) {
          raw = raw.slice(0, i);
          break;
        }
      }
      value = expandUnquoted(trimInline(raw), resolve);
      next = end;
    }
    if (isValidEnvKey(key)) entries.set(key, value);
    else {
      invalid.add(key);
      firstInvalidLine ??= keyLine;
    }
    pos = next + 1;
    lineNo++;
  }
  return { entries, invalidKeys: [...invalid], firstInvalidLine };
}

const ESCAPES: Readonly<Record<string, string>> = {
  "\\": "\\\\",
  "\n": "\\n",
  "\r": "\\r",
  '"': '\\"',
  "!": "\\!",
  $: "\\$",
  "`": "\\`",
};

/** Escapes a value for the inside of a double-quoted ENV file value (godotenv's set). */
function escapeEnvValue(value: string): string {
  return value.replace(/[\\\n\r"!$`]/g, (c) => ESCAPES[c] ?? c);
}

/** Serialises entries the way Dokku writes ENV: sorted `KEY="escaped"` lines, trailing newline. */
export function formatEnvFile(entries: Map<string, string> | Record<string, string>): string {
  const pairs = entries instanceof Map ? [...entries] : Object.entries(entries);
  // dokku-compat: godotenv sorts whole lines (so `A0=` precedes `A=`); we sort by key.
  pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  // dokku-compat: Dokku writes integer-looking values bare and loses leading zeros; we always quote.
  return pairs.map(([k, v]) => `${k}="${escapeEnvValue(v)}"\n`).join("");
}
