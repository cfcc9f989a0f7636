/**
 * Text that came from outside (a plugin's `plugin.toml`, its directory name, its help output) made
 * safe for one line of a terminal: line breaks and tabs become spaces, every other C0 or C1 control
 * character (ESC, CSI, NUL, DEL, ...) is dropped, so the text can neither forge a ` !     ` line
 * nor send escape sequences.
 */
export function printable(text: string): string {
  return text.replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, " ").replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
}

/** A value quoted for a message (`"A=B"`), escaped by JSON and then made {@link printable}. */
export function quoted(text: string): string {
  return printable(JSON.stringify(text));
}

/** {@link printable} line by line: keeps a message's own line breaks, drops every other control character. */
export function printableLines(text: string): string {
  return text.split("\n").map(printable).join("\n");
}
