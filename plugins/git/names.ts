/**
 * Dokku's cleanup of the path argument of `git-receive-pack 'APP'` (reference 5.1): ssh hands
 * the argument over with its quotes, so unescaped single quotes are dropped, `\'` becomes `'`,
 * and one leading `/` is removed (`ssh://host/app` sends `'/app'`).
 */
export function stripRemoteArg(arg: string): string {
  let out = "";
  for (let i = 0; i < arg.length; i++) {
    const c = arg[i]!;
    if (c === "\\" && arg[i + 1] === "'") {
      out += "'";
      i++;
    } else if (c !== "'") {
      out += c;
    }
  }
  return out.startsWith("/") ? out.slice(1) : out;
}

/** Quotes one word for POSIX sh: the hook is the one sh script we write, and every word goes through here. */
export function shQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A full hex object id (sha1 or sha256), as git sends them to hooks. */
export function isObjectId(rev: string): boolean {
  return /^[0-9a-f]{40}$/.test(rev) || /^[0-9a-f]{64}$/.test(rev);
}
