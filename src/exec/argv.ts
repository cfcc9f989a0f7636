type Part = string | number | false | null | undefined | readonly Part[];

/** Flattens parts and drops false/null/undefined, so optional flags read inline. No quoting anywhere. */
export function argv(command: string, ...parts: Part[]): [string, ...string[]] {
  const out: string[] = [];
  const visit = (part: Part): void => {
    if (part === false || part === null || part === undefined) return;
    if (Array.isArray(part)) return (part as readonly Part[]).forEach(visit);
    out.push(String(part));
  };
  parts.forEach(visit);
  return [command, ...out];
}
