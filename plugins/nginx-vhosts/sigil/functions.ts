import { UserError } from "../../../src/core/errors.ts";

/** A template value: what vars, literals and functions produce. */
export type Value = string | number | boolean | null | undefined | readonly Value[] | { readonly [key: string]: Value };

/** Go's truth: false, 0, nil, and empty strings, lists and maps are false. */
export function truthy(value: Value): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
}

/** How `{{ x }}` prints a value (fmt.Sprint). dokku-compat: a missing key prints "" rather than Go's "<no value>". */
export function printValue(value: Value): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return `[${value.map(printValue).join(" ")}]`;
  if (typeof value === "object") {
    const entries = Object.keys(value).sort().map((k) => `${k}:${printValue((value as Record<string, Value>)[k])}`);
    return `map[${entries.join(" ")}]`;
  }
  return String(value);
}

export type TemplateFunction = (args: Value[]) => Value;

/** The template's environment for `var "KEY"`. */
export interface FunctionEnv {
  readonly vars: Readonly<Record<string, string>>;
}

function str(value: Value, fn: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null || value === undefined) return "";
  throw new UserError(`template: ${fn}: expected a string, received ${printValue(value)}`);
}

function compare(a: Value, b: Value, fn: string): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean" && (fn === "eq" || fn === "ne")) return a === b ? 0 : 1;
  if ((a === null || a === undefined) && (b === null || b === undefined) && (fn === "eq" || fn === "ne")) return 0;
  throw new UserError(`template: error calling ${fn}: incompatible types for comparison`);
}

function arity(fn: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new UserError(`template: wrong number of args for ${fn}: want ${min}${max !== min ? `-${max}` : ""} got ${args.length}`);
}

/** printf with the verbs templates use: %s %v %d %q %%. */
function sprintf(format: string, args: Value[]): string {
  let i = 0;
  return format.replace(/%([-+ #0]*\d*(?:\.\d+)?)([svdqtf%])/g, (_, _flags: string, verb: string) => {
    if (verb === "%") return "%";
    const arg = args[i++];
    if (verb === "q") return JSON.stringify(printValue(arg));
    if (verb === "d") return String(Math.trunc(Number(arg)));
    return printValue(arg);
  });
}

/**
 * Go's builtins and the sigil functions Dokku's templates use. Side-effect free on purpose:
 * sigil's `sh`, `file`, `include` and `httpget` are not offered to app-supplied templates.
 */
export function builtinFunctions(env: FunctionEnv): Readonly<Record<string, TemplateFunction>> {
  return {
    not: (a) => (arity("not", a, 1), !truthy(a[0])),
    eq: (a) => {
      if (a.length < 2) arity("eq", a, 2, Number.POSITIVE_INFINITY);
      return a.slice(1).some((b) => compare(a[0], b, "eq") === 0);
    },
    ne: (a) => (arity("ne", a, 2), compare(a[0], a[1], "ne") !== 0),
    lt: (a) => (arity("lt", a, 2), compare(a[0], a[1], "lt") < 0),
    le: (a) => (arity("le", a, 2), compare(a[0], a[1], "le") <= 0),
    gt: (a) => (arity("gt", a, 2), compare(a[0], a[1], "gt") > 0),
    ge: (a) => (arity("ge", a, 2), compare(a[0], a[1], "ge") >= 0),
    len: (a) => {
      arity("len", a, 1);
      const v = a[0];
      if (typeof v === "string") return new TextEncoder().encode(v).length;
      if (Array.isArray(v)) return v.length;
      if (v && typeof v === "object") return Object.keys(v).length;
      throw new UserError(`template: error calling len: len of ${printValue(v)}`);
    },
    index: (a) => {
      if (a.length < 1) arity("index", a, 1, Number.POSITIVE_INFINITY);
      let v = a[0];
      for (const key of a.slice(1)) {
        if (Array.isArray(v)) {
          const n = Number(key);
          if (!Number.isInteger(n) || n < 0 || n >= v.length) throw new UserError(`template: error calling index: index out of range: ${printValue(key)}`);
          v = v[n];
        } else if (v && typeof v === "object") v = (v as Record<string, Value>)[str(key, "index")];
        else throw new UserError(`template: error calling index: can't index item of type ${typeof v}`);
      }
      return v;
    },
    print: (a) => a.map((v, i) => (i > 0 && typeof v !== "string" && typeof a[i - 1] !== "string" ? " " : "") + printValue(v)).join(""),
    println: (a) => `${a.map(printValue).join(" ")}\n`,
    printf: (a) => {
      if (a.length < 1) arity("printf", a, 1, Number.POSITIVE_INFINITY);
      return sprintf(str(a[0], "printf"), a.slice(1));
    },
    // sigil functions: the piped value is the last argument.
    split: (a) => (arity("split", a, 2), str(a[1], "split").split(str(a[0], "split"))),
    join: (a) => {
      arity("join", a, 2);
      const list = a[1];
      if (!Array.isArray(list)) throw new UserError("template: join: expected a list");
      return list.map(printValue).join(str(a[0], "join"));
    },
    default: (a) => (arity("default", a, 2), truthy(a[1]) ? a[1] : a[0]),
    var: (a) => (arity("var", a, 1), env.vars[str(a[0], "var")] ?? ""),
    upper: (a) => (arity("upper", a, 1), str(a[0], "upper").toUpperCase()),
    lower: (a) => (arity("lower", a, 1), str(a[0], "lower").toLowerCase()),
    capitalize: (a) => (arity("capitalize", a, 1), str(a[0], "capitalize").replace(/(^|\s)(\S)/g, (_, s: string, c: string) => s + c.toUpperCase())),
    replace: (a) => (arity("replace", a, 3), str(a[2], "replace").split(str(a[0], "replace")).join(str(a[1], "replace"))),
    trim: (a) => (arity("trim", a, 1), str(a[0], "trim").trim()),
  };
}
