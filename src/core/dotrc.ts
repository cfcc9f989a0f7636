/**
 * Reads Dokku's shell snippets (`/etc/default/dokku`, `dokkurc`, `.dokkurc/*`) as data:
 * `export KEY=VALUE` / `KEY=VALUE` lines. Nothing is executed.
 * dokku-compat: Dokku sources these with bash; we only honour plain assignments.
 */
export function parseShellAssignments(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const match = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) continue;
    out.set(match[1]!, unquoteShellWord(match[2]!));
  }
  return out;
}

/** Removes one level of shell quoting from a single word; stops at an unquoted ` #`. */
export function unquoteShellWord(word: string): string {
  let out = "";
  let i = 0;
  while (i < word.length) {
    const c = word[i]!;
    if (c === "'") {
      const end = word.indexOf("'", i + 1);
      if (end < 0) return out + word.slice(i + 1);
      out += word.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      while (i < word.length && word[i] !== '"') {
        if (word[i] === "\\" && i + 1 < word.length && '"\\$`'.includes(word[i + 1]!)) i++;
        out += word[i];
        i++;
      }
      i++;
    } else if (c === "\\" && i + 1 < word.length) {
      out += word[i + 1];
      i += 2;
    } else if (/\s/.test(c)) {
      break; // an unquoted blank ends the word (a trailing comment follows)
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
