// A cron task's command as argv (pure). The command runs in a one-off container without a shell,
// split into words the way a POSIX shell would quote them; anything that needs a shell (`;`,
// `&&`, `|`, redirections, `$VAR`, `$(...)`) is refused at deploy time, with the fix in the
// message: make a shell inside the container the command, where a shell is the point.

export class CronCommandError extends Error {}

const OPERATORS = new Set([";", "&", "|", "<", ">", "(", ")"]);

/**
 * Splits `command` into words: blanks separate, single quotes keep everything literal, double
 * quotes keep everything but `\"`, `\\`, `` \` `` and `\$`, a backslash outside quotes escapes
 * the next character. Throws CronCommandError for an unquoted operator, an expansion, a comment
 * or an unmatched quote.
 */
export function splitCronCommand(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (c === " " || c === "\t") {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
      continue;
    }
    if (c === "\n" || c === "\r") throw new CronCommandError("a newline separates commands, which needs a shell");
    if (OPERATORS.has(c)) throw new CronCommandError(`${JSON.stringify(c)} is a shell operator`);
    if (c === "`") throw new CronCommandError("` starts a command substitution");
    if (c === "$") throw new CronCommandError(expansion(command, i));
    if (c === "#" && !inWord) throw new CronCommandError("# starts a shell comment");
    inWord = true;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) throw new CronCommandError("unmatched single quote");
      word += command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const [text, end] = doubleQuoted(command, i + 1);
      word += text;
      i = end;
    } else if (c === "\\") {
      if (i + 1 >= command.length) throw new CronCommandError("a trailing backslash escapes nothing");
      word += command[++i];
    } else {
      word += c;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new CronCommandError("the command is empty");
  return words;
}

/** Reads a double-quoted string starting after the opening quote; returns its text and the closing quote's index. */
function doubleQuoted(command: string, from: number): [string, number] {
  let text = "";
  for (let i = from; i < command.length; i++) {
    const c = command[i]!;
    if (c === '"') return [text, i];
    if (c === "`") throw new CronCommandError("` starts a command substitution");
    if (c === "$") throw new CronCommandError(expansion(command, i));
    if (c === "\\" && i + 1 < command.length && '"\\`$\n'.includes(command[i + 1]!)) {
      i++;
      if (command[i] !== "\n") text += command[i];
      continue;
    }
    text += c;
  }
  throw new CronCommandError("unmatched double quote");
}

/** A `$` outside single quotes: a lone `$` before a blank or the end is literal in a shell, still refused here. */
function expansion(command: string, at: number): string {
  const next = command[at + 1];
  if (next === "(") return "$( starts a command substitution";
  const name = /^\$(\{[^}]*\}?|[A-Za-z_][A-Za-z0-9_]*|[0-9@*#?$!-])?/.exec(command.slice(at))![0];
  return `${name === "$" ? "$" : name} is a shell expansion`;
}

/** Why `command` cannot be a cron task's command, or undefined when it splits cleanly. */
export function commandError(command: string): string | undefined {
  try {
    splitCronCommand(command);
    return undefined;
  } catch (error) {
    if (error instanceof CronCommandError) return error.message;
    throw error;
  }
}
