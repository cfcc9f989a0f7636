import { UserError } from "../core/errors.ts";

/**
 * Splits `SSH_ORIGINAL_COMMAND` into argv without a shell (reference 1.5).
 * `git-*` / `git:*` commands are split on blanks with quotes kept (the git plugin strips them);
 * everything else follows xargs quoting: single and double quotes group, backslash escapes.
 */
export function splitSshCommand(command: string): string[] {
  const first = command.trimStart().split(/\s+/, 1)[0] ?? "";
  if (first.startsWith("git-") || first.startsWith("git:")) return command.split(/\s+/).filter(Boolean);
  return splitXargs(command);
}

export function splitXargs(command: string): string[] {
  const out: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | "" = "";
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = "";
      else if (c === "\n") throw new UserError("Unmatched quote in command");
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\") {
      if (i + 1 < command.length) word += command[++i];
      inWord = true;
    } else if (c === " " || c === "\t" || c === "\n") {
      if (inWord) out.push(word);
      word = "";
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new UserError(`Unmatched ${quote === "'" ? "single" : "double"} quote in command`);
  if (inWord) out.push(word);
  return out;
}
