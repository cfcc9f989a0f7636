import { UserError } from "../../../src/core/errors.ts";
import { type TemplateFunction, type Value, builtinFunctions, printValue, truthy } from "./functions.ts";
import { type Arg, type Node, type Pipeline, parseTemplate } from "./parser.ts";

export type { Value } from "./functions.ts";

/** Loop control raised by `{{break}}` / `{{continue}}` and caught by the enclosing range. */
class LoopSignal {
  constructor(readonly kind: "break" | "continue") {}
}

/** Most iterations and output one render may produce: a template cannot hang or fill the disk. */
const MAX_STEPS = 1_000_000;
const MAX_OUTPUT = 16 * 1024 * 1024;

interface Scope {
  vars: { name: string; value: Value }[];
}

/**
 * Renders a Go text/template (the subset sigil templates use, see the nginx-vhosts README) with
 * `data` as `.` and `$`, and `env` answering `var "KEY"`. Errors are UserErrors naming the line.
 */
export function renderTemplate(template: string, data: Readonly<Record<string, Value>>, env: Readonly<Record<string, string>> = {}): string {
  const nodes = parseTemplate(template);
  const renderer = new Renderer(data, builtinFunctions({ vars: env }));
  renderer.list(nodes, data, { vars: [{ name: "", value: data }] });
  return renderer.out;
}

class Renderer {
  out = "";
  private steps = 0;
  constructor(
    private readonly root: Value,
    private readonly funcs: Readonly<Record<string, TemplateFunction>>,
  ) {}

  list(nodes: readonly Node[], dot: Value, scope: Scope): void {
    const mark = scope.vars.length;
    try {
      for (const node of nodes) this.node(node, dot, scope);
    } finally {
      scope.vars.length = mark; // variables live until the end of their block
    }
  }

  private node(node: Node, dot: Value, scope: Scope): void {
    if (++this.steps > MAX_STEPS) throw new UserError("template: too many steps (endless range?)");
    switch (node.kind) {
      case "text":
        return this.write(node.text);
      case "output": {
        const value = this.pipeline(node.pipe, dot, scope);
        if (node.pipe.decl.length === 0) this.write(printValue(value));
        return;
      }
      case "if":
      case "with": {
        const value = this.pipeline(node.pipe, dot, scope);
        if (truthy(value)) this.list(node.body, node.kind === "with" ? value : dot, scope);
        else this.list(node.otherwise, dot, scope);
        return;
      }
      case "range":
        return this.range(node, dot, scope);
      case "break":
      case "continue":
        throw new LoopSignal(node.kind);
    }
  }

  private range(node: Extract<Node, { kind: "range" }>, dot: Value, scope: Scope): void {
    const { decl, commands, line } = node.pipe;
    const value = this.pipeline({ decl: [], assign: false, commands, line }, dot, scope);
    const items: [Value, Value][] = Array.isArray(value)
      ? value.map((v, i) => [i, v])
      : typeof value === "number"
        ? Array.from({ length: Math.max(0, Math.trunc(value)) }, (_, i) => [i, i])
        : value && typeof value === "object"
          ? Object.keys(value).sort().map((k) => [k, (value as Record<string, Value>)[k]])
          : value === null || value === undefined || value === ""
            ? []
            : fail(line, `range can't iterate over ${printValue(value)}`);
    if (items.length === 0) return this.list(node.otherwise, dot, scope);
    for (const [key, element] of items) {
      const mark = scope.vars.length;
      if (decl.length === 1) scope.vars.push({ name: decl[0]!, value: element });
      if (decl.length === 2) scope.vars.push({ name: decl[0]!, value: key }, { name: decl[1]!, value: element });
      try {
        this.list(node.body, element, scope);
      } catch (signal) {
        if (!(signal instanceof LoopSignal)) throw signal;
        if (signal.kind === "break") break;
      } finally {
        scope.vars.length = mark;
      }
    }
  }

  private pipeline(pipe: Pipeline, dot: Value, scope: Scope): Value {
    let value: Value;
    let piped = false;
    for (const command of pipe.commands) {
      value = this.command(command, dot, scope, piped ? [value] : [], pipe.line);
      piped = true;
    }
    if (pipe.decl.length > 0) {
      const name = pipe.decl[0]!;
      if (pipe.assign) {
        const existing = [...scope.vars].reverse().find((v) => v.name === name);
        if (!existing) fail(pipe.line, `undefined variable: $${name}`);
        existing!.value = value;
      } else scope.vars.push({ name, value });
    }
    return value;
  }

  private command(args: readonly Arg[], dot: Value, scope: Scope, piped: Value[], line: number): Value {
    const [head, ...rest] = args;
    if (head!.kind === "func") {
      const name = head!.name;
      if (name === "and" || name === "or") return this.logic(name, rest, dot, scope, piped, line);
      const fn = this.funcs[name];
      if (!fn) fail(line, `function "${name}" not defined`);
      return fn!([...rest.map((a) => this.arg(a, dot, scope, line)), ...piped]);
    }
    if (rest.length > 0 || piped.length > 0) fail(line, `can't give argument to non-function ${describe(head!)}`);
    return this.arg(head!, dot, scope, line);
  }

  /** and/or evaluate their arguments lazily, as Go does since 1.18. */
  private logic(name: "and" | "or", args: readonly Arg[], dot: Value, scope: Scope, piped: Value[], line: number): Value {
    const thunks: (() => Value)[] = [...args.map((a) => () => this.arg(a, dot, scope, line)), ...piped.map((v) => () => v)];
    if (thunks.length === 0) fail(line, `wrong number of args for ${name}: want at least 1 got 0`);
    let value: Value;
    for (const thunk of thunks) {
      value = thunk();
      if (name === "and" ? !truthy(value) : truthy(value)) return value;
    }
    return value;
  }

  private arg(arg: Arg, dot: Value, scope: Scope, line: number): Value {
    switch (arg.kind) {
      case "literal":
        return arg.value;
      case "field":
        return fields(dot, arg.names, line);
      case "var": {
        const found = [...scope.vars].reverse().find((v) => v.name === arg.name);
        if (!found) fail(line, `undefined variable: $${arg.name}`);
        return fields(found!.value, arg.fields, line);
      }
      case "pipe":
        return fields(this.pipeline(arg.pipe, dot, scope), arg.fields, line);
      case "func": {
        const fn = this.funcs[arg.name];
        if (!fn && arg.name !== "and" && arg.name !== "or") fail(line, `function "${arg.name}" not defined`);
        return this.command([arg], dot, scope, [], line);
      }
    }
  }

  private write(text: string): void {
    this.out += text;
    if (this.out.length > MAX_OUTPUT) throw new UserError("template: output too large");
  }
}

/** `.A.B` on a map; a missing key is nil, a field of a non-map is an error (as in Go). */
function fields(value: Value, names: readonly string[], line: number): Value {
  let current = value;
  for (const name of names) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== "object" || Array.isArray(current)) fail(line, `can't evaluate field ${name} in type ${typeof current}`);
    current = Object.hasOwn(current as object, name) ? (current as Record<string, Value>)[name] : undefined;
  }
  return current;
}

function describe(arg: Arg): string {
  if (arg.kind === "field") return `.${arg.names.join(".")}`;
  if (arg.kind === "var") return `$${arg.name}`;
  if (arg.kind === "literal") return printValue(arg.value);
  return "(pipeline)";
}

function fail(line: number, why: string): never {
  throw new UserError(`template: line ${line}: ${why}`);
}
