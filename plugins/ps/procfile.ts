/**
 * Procfiles as procfile-util reads them (reference 7.2): `<type>: <command>` lines, types of
 * `[A-Za-z0-9_-]` up to 63 characters, `#` or `//` comment lines, trailing comments only after
 * whitespace, duplicate types an error. Pure: no I/O.
 */
export interface ProcfileEntry {
  readonly type: string;
  readonly command: string;
}

export class ProcfileError extends Error {}

const LINE = /^([A-Za-z0-9_-]+)\s*:\s*(.*)$/;
export const MAX_PROCESS_TYPE = 63;

export function parseProcfile(text: string): ProcfileEntry[] {
  const entries: ProcfileEntry[] = [];
  const seen = new Set<string>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#") || line.startsWith("//")) return;
    const m = LINE.exec(line);
    if (!m) throw new ProcfileError(`line ${i + 1}: invalid entry "${line}"`);
    const type = m[1]!;
    const command = stripTrailingComment(m[2]!).trim();
    if (type.length > MAX_PROCESS_TYPE) throw new ProcfileError(`line ${i + 1}: process type "${type}" is longer than ${MAX_PROCESS_TYPE} characters`);
    if (command === "") throw new ProcfileError(`line ${i + 1}: process type "${type}" has no command`);
    if (seen.has(type)) throw new ProcfileError(`line ${i + 1}: duplicate process type "${type}"`);
    seen.add(type);
    entries.push({ type, command });
  });
  return entries;
}

/** ` #...` after whitespace ends the command; a `#` inside a word (`a#b`, a URL fragment) does not. */
function stripTrailingComment(command: string): string {
  const m = /\s#/.exec(command);
  return m ? command.slice(0, m.index) : command;
}

/**
 * procfile-util's expansion: `$NAME` and `${NAME}` from the environment (PORT included), unset
 * names become "", `$$` stays a literal `$`.
 */
export function expandCommand(command: string, env: ReadonlyMap<string, string>): string {
  return command.replace(/\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (match, braced?: string, bare?: string) => {
    if (match === "$$") return "$";
    return env.get((braced ?? bare)!) ?? "";
  });
}

/** Process type names as ps:scale and the scheduler accept them. */
export function isValidProcessType(type: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(type) && type.length <= MAX_PROCESS_TYPE;
}
