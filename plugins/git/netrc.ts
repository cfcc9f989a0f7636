/** One `machine` block of a `.netrc` file. */
export interface NetrcEntry {
  machine: string;
  login: string;
  password: string;
}

/** Parses the tokens of a `.netrc` (machine/login/password; other tokens are kept out of our model). */
export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = text.split(/\s+/).filter(Boolean);
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === "machine") {
      current = { machine: tokens[++i] ?? "", login: "", password: "" };
      entries.push(current);
    } else if (token === "default") current = undefined;
    else if (current && token === "login") current.login = tokens[++i] ?? "";
    else if (current && token === "password") current.password = tokens[++i] ?? "";
  }
  return entries;
}

export function formatNetrc(entries: readonly NetrcEntry[]): string {
  return entries.map((e) => `machine ${e.machine}\n  login ${e.login}\n  password ${e.password}\n`).join("");
}

/** netrc has no quoting: a value with whitespace would corrupt the file. */
export function isNetrcToken(value: string): boolean {
  return value !== "" && !/\s/.test(value);
}
