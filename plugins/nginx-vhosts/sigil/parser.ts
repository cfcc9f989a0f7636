import { UserError } from "../../../src/core/errors.ts";
import { type Segment, type Token, splitTemplate, tokenize } from "./lexer.ts";

/** One argument of a command. */
export type Arg =
  | { kind: "field"; names: string[] }
  | { kind: "var"; name: string; fields: string[] }
  | { kind: "func"; name: string }
  | { kind: "literal"; value: string | number | boolean | null }
  | { kind: "pipe"; pipe: Pipeline; fields: string[] };

/** `$a, $b := cmd | cmd arg` */
export interface Pipeline {
  readonly decl: readonly string[];
  /** `=` (assign to existing variables) rather than `:=`. */
  readonly assign: boolean;
  readonly commands: readonly (readonly Arg[])[];
  readonly line: number;
}

export type Node =
  | { kind: "text"; text: string }
  | { kind: "output"; pipe: Pipeline }
  | { kind: "if" | "with"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: "range"; pipe: Pipeline; body: Node[]; otherwise: Node[] }
  | { kind: "break" | "continue"; line: number };

/** Parses a template into a tree; syntax errors name the line, as Go's parser does. */
export function parseTemplate(template: string): Node[] {
  const parser = new Parser(splitTemplate(template));
  const nodes = parser.list(0);
  const rest = parser.peek();
  if (rest) throw new UserError(`template: line ${rest.line}: unexpected {{${rest.source}}}`);
  return nodes;
}

type Action = Extract<Segment, { kind: "action" }>;

class Parser {
  private pos = 0;
  constructor(private readonly segments: readonly Segment[]) {}

  peek(): Action | undefined {
    const next = this.segments[this.pos];
    return next?.kind === "action" ? next : undefined;
  }

  /** Nodes until an `end`/`else` action (left unconsumed) or the end of input. */
  list(depth: number): Node[] {
    const nodes: Node[] = [];
    while (this.pos < this.segments.length) {
      const segment = this.segments[this.pos]!;
      if (segment.kind === "text") {
        nodes.push({ kind: "text", text: segment.text });
        this.pos++;
        continue;
      }
      const keyword = /^(\w+)/.exec(segment.source)?.[1];
      if (keyword === "end" || keyword === "else") {
        if (depth === 0) throw new UserError(`template: line ${segment.line}: unexpected {{${keyword}}}`);
        return nodes;
      }
      this.pos++;
      nodes.push(this.action(segment, keyword, depth));
    }
    if (depth > 0) throw new UserError("template: unexpected EOF: missing {{end}}");
    return nodes;
  }

  private action(segment: Action, keyword: string | undefined, depth: number): Node {
    const tokens = tokenize(segment.source, segment.line);
    if (keyword === "if" || keyword === "with" || keyword === "range") {
      return this.control(keyword, pipeline(tokens.slice(1), segment, keyword === "range"), depth);
    }
    if (keyword === "break" || keyword === "continue") return { kind: keyword, line: segment.line };
    if (keyword === "define" || keyword === "template" || keyword === "block") {
      throw new UserError(`template: line ${segment.line}: {{${keyword}}} is not supported (see the nginx-vhosts README)`);
    }
    if (tokens.length === 0) throw new UserError(`template: line ${segment.line}: missing value for command`);
    return { kind: "output", pipe: pipeline(tokens, segment, false) };
  }

  /** if/with/range body, optional else (or `else if`), and the closing end. */
  private control(kind: "if" | "with" | "range", pipe: Pipeline, depth: number): Node {
    const body = this.list(depth + 1);
    let otherwise: Node[] = [];
    const next = this.segments[this.pos] as Action;
    if (/^else\b/.test(next.source)) {
      this.pos++;
      const chained = /^else\s+(if|with)\b/.exec(next.source);
      if (chained) {
        const tokens = tokenize(next.source, next.line).slice(2);
        // `{{else if x}}...{{end}}` is `{{else}}{{if x}}...{{end}}{{end}}` with one shared end.
        otherwise = [this.control(chained[1] as "if" | "with", pipeline(tokens, next, false), depth)];
        return { kind, pipe, body, otherwise };
      }
      if (next.source !== "else") throw new UserError(`template: line ${next.line}: unexpected {{${next.source}}}`);
      otherwise = this.list(depth + 1);
    }
    const end = this.segments[this.pos] as Action;
    if (end.source !== "end") throw new UserError(`template: line ${end.line}: expected {{end}}, found {{${end.source}}}`);
    this.pos++;
    return { kind, pipe, body, otherwise };
  }
}

/** A pipeline, with its leading `$x :=` / `$i, $e :=` declaration when present. */
function pipeline(tokens: readonly Token[], at: Action, allowTwo: boolean): Pipeline {
  const fail = (why: string): never => {
    throw new UserError(`template: line ${at.line}: ${why} in {{${at.source}}}`);
  };
  let rest = [...tokens];
  const decl: string[] = [];
  let assign = false;
  const declEnd = rest.findIndex((t) => t.kind === "punct" && (t.value === ":=" || t.value === "="));
  if (declEnd > 0 && rest.slice(0, declEnd).every((t) => t.kind === "var" || (t.kind === "punct" && t.value === ","))) {
    const vars = rest.slice(0, declEnd).filter((t): t is Extract<Token, { kind: "var" }> => t.kind === "var");
    if (vars.length > (allowTwo ? 2 : 1)) fail("too many declarations");
    for (const v of vars) {
      if (v.fields.length > 0 || v.name === "") fail("bad variable declaration");
      decl.push(v.name);
    }
    assign = (rest[declEnd] as { value: string }).value === "=";
    rest = rest.slice(declEnd + 1);
  }
  const commands: Arg[][] = [];
  let current: Arg[] = [];
  let i = 0;
  while (i < rest.length) {
    const token = rest[i]!;
    if (token.kind === "punct" && token.value === "|") {
      if (current.length === 0) fail("missing command before |");
      commands.push(current);
      current = [];
      i++;
      continue;
    }
    if (token.kind === "punct" && token.value === "(") {
      const close = matchParen(rest, i);
      if (close < 0) fail("unclosed left paren");
      const inner = pipeline(rest.slice(i + 1, close), at, false);
      if (inner.decl.length > 0) fail("declaration inside parentheses");
      current.push({ kind: "pipe", pipe: inner, fields: [] });
      i = close + 1;
      const after = rest[i];
      if (after?.kind === "field" && after.names.length > 0) {
        (current[current.length - 1] as { fields: string[] }).fields = after.names;
        i++;
      }
      continue;
    }
    current.push(toArg(token, fail));
    i++;
  }
  if (current.length === 0) fail("missing value for command");
  commands.push(current);
  return { decl, assign, commands, line: at.line };
}

function toArg(token: Token, fail: (why: string) => never): Arg {
  switch (token.kind) {
    case "field":
      return { kind: "field", names: token.names };
    case "var":
      return { kind: "var", name: token.name, fields: token.fields };
    case "ident":
      return { kind: "func", name: token.name };
    case "string":
    case "number":
    case "bool":
      return { kind: "literal", value: token.value };
    case "nil":
      return { kind: "literal", value: null };
    case "punct":
      return fail(`unexpected "${token.value}"`);
  }
}

function matchParen(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind === "punct" && t.value === "(") depth++;
    if (t.kind === "punct" && t.value === ")" && --depth === 0) return i;
  }
  return -1;
}
