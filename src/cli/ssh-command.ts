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

const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * Quotes one word so that splitXargs reads it back unchanged: plain words stay as they are,
 * anything else is single-quoted with `'\''` for embedded quotes. Newlines cannot survive
 * splitXargs inside quotes, so a word holding one is refused; validate input before storing it.
 */
export function quoteXargs(word: string): string {
  if (/[\r\n]/.test(word)) throw new UserError(`Value must not contain a newline: ${JSON.stringify(word)}`);
  if (PLAIN_WORD.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Joins argv words into one string that splitXargs splits back into the same words. */
export function joinXargs(words: readonly string[]): string {
  return words.map(quoteXargs).join(" ");
}
