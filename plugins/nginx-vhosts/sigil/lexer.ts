import { UserError } from "../../../src/core/errors.ts";

/** A piece of a template: literal text, or the inside of one `{{ ... }}` action (trim markers applied). */
export type Segment = { kind: "text"; text: string } | { kind: "action"; source: string; line: number };

export type Token =
  | { kind: "field"; names: string[] } // .A.B  (empty names: `.` itself)
  | { kind: "var"; name: string; fields: string[] } // $x.A  ($ is name "")
  | { kind: "ident"; name: string }
  | { kind: "string"; value: string }
  | { kind: "number"; value: number }
  | { kind: "bool"; value: boolean }
  | { kind: "nil" }
  | { kind: "punct"; value: "(" | ")" | "|" | ":=" | "=" | "," };

const SPACE = /[ \t\r\n]/;

/**
 * Splits a Go template into text and actions. `{{- ` trims the whitespace before the action and
 * ` -}}` the whitespace after it, as text/template does; `{{/* ... *\/}}` comments vanish.
 */
export function splitTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  let pos = 0;
  let trimNext = false;
  while (pos <= template.length) {
    const open = template.indexOf("{{", pos);
    let text = template.slice(pos, open < 0 ? template.length : open);
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, "");
    trimNext = false;
    if (open < 0) {
      if (text) segments.push({ kind: "text", text });
      break;
    }
    let start = open + 2;
    if (template[start] === "-" && SPACE.test(template[start + 1] ?? "")) {
      text = text.replace(/[ \t\r\n]+$/, "");
      start += 2;
    }
    if (text) segments.push({ kind: "text", text });
    const close = findClose(template, start);
    if (close < 0) throw templateError(template, open, "unclosed action");
    let end = close;
    if (template[close - 1] === "-" && SPACE.test(template[close - 2] ?? "")) {
      trimNext = true;
      end = close - 2;
    }
    const source = template.slice(start, end).trim();
    if (!(source.startsWith("/*") && source.endsWith("*/"))) segments.push({ kind: "action", source, line: lineOf(template, open) });
    pos = close + 2;
  }
  return segments;
}

/** The `}}` ending an action, skipping quoted strings and comments. */
function findClose(template: string, from: number): number {
  let i = from;
  while (i < template.length) {
    const c = template[i]!;
    if (c === '"' || c === "'" || c === "`") {
      i = skipQuoted(template, i);
      continue;
    }
    if (c === "/" && template[i + 1] === "*") {
      const end = template.indexOf("*/", i + 2);
      if (end < 0) return -1;
      i = end + 2;
      continue;
    }
    if (c === "}" && template[i + 1] === "}") return i;
    i++;
  }
  return -1;
}

function skipQuoted(text: string, start: number): number {
  const quote = text[start]!;
  let i = start + 1;
  while (i < text.length && text[i] !== quote) {
    if (quote !== "`" && text[i] === "\\") i++;
    if (quote !== "`" && text[i] === "\n") break;
    i++;
  }
  return i + 1;
}

/** Tokens of one action's source. */
export function tokenize(source: string, line: number): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new UserError(`template: line ${line}: ${why} in {{ ${source} }}`);
  };
  while (i < source.length) {
    const c = source[i]!;
    if (SPACE.test(c)) {
      i++;
    } else if (c === "(" || c === ")" || c === "|" || c === ",") {
      tokens.push({ kind: "punct", value: c });
      i++;
    } else if (c === ":" && source[i + 1] === "=") {
      tokens.push({ kind: "punct", value: ":=" });
      i += 2;
    } else if (c === "=") {
      tokens.push({ kind: "punct", value: "=" });
      i++;
    } else if (c === '"' || c === "`") {
      const end = skipQuoted(source, i);
      if (source[end - 1] !== c || end - 1 === i) fail("unterminated string");
      tokens.push({ kind: "string", value: c === "`" ? source.slice(i + 1, end - 1) : unquote(source.slice(i, end), fail) });
      i = end;
    } else if (c === "'") {
      const end = skipQuoted(source, i);
      const value = unquote(`"${source.slice(i + 1, end - 1)}"`, fail);
      if ([...value].length !== 1) fail("malformed character constant");
      tokens.push({ kind: "number", value: value.codePointAt(0)! });
      i = end;
    } else if (c === "." && !/[0-9]/.test(source[i + 1] ?? "")) {
      const match = /^(?:\.[A-Za-z_][A-Za-z0-9_]*)+/.exec(source.slice(i));
      const names = match ? match[0].slice(1).split(".") : [];
      tokens.push({ kind: "field", names });
      i += match ? match[0].length : 1;
    } else if (c === "$") {
      const match = /^\$([A-Za-z_][A-Za-z0-9_]*)?((?:\.[A-Za-z_][A-Za-z0-9_]*)*)/.exec(source.slice(i))!;
      tokens.push({ kind: "var", name: match[1] ?? "", fields: match[2] ? match[2].slice(1).split(".") : [] });
      i += match[0].length;
    } else if (/[-+0-9.]/.test(c)) {
      const match = /^[-+]?(?:0x[0-9a-fA-F_]+|0o?[0-7_]+|0b[01_]+|[0-9_]*\.?[0-9_]+(?:[eE][-+]?[0-9]+)?)/.exec(source.slice(i));
      if (!match) fail(`bad number syntax at "${source.slice(i, i + 10)}"`);
      const value = Number(match![0].replace(/_/g, "").replace(/^([-+]?)0o/, "$10o").replace(/^([-+]?)0([0-7]+)$/, "$10o$2"));
      if (!Number.isFinite(value)) fail(`bad number syntax: ${match![0]}`);
      tokens.push({ kind: "number", value });
      i += match![0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0];
      if (word === "true" || word === "false") tokens.push({ kind: "bool", value: word === "true" });
      else if (word === "nil") tokens.push({ kind: "nil" });
      else tokens.push({ kind: "ident", name: word });
      i += word.length;
    } else {
      fail(`unexpected "${c}"`);
    }
  }
  return tokens;
}

/** Go's interpreted string literal escapes. */
function unquote(literal: string, fail: (why: string) => never): string {
  try {
    return JSON.parse(literal.replace(/\\x([0-9a-fA-F]{2})/g, "\\u00$1").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b").replace(/\\'/g, "'")) as string;
  } catch {
    return fail(`malformed string ${literal}`);
  }
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === "\n") line++;
  return line;
}

function templateError(template: string, offset: number, why: string): UserError {
  return new UserError(`template: line ${lineOf(template, offset)}: ${why}`);
}
