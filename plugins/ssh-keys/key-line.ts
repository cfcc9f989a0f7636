import { UserError } from "../../src/core/errors.ts";

/** sshcommand's default `SSHCOMMAND_ALLOWED_KEYS`. */
export const DEFAULT_ALLOWED = "no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding";

/** One authorized_keys line written by sshcommand/ssh-keys. */
export interface ManagedKey {
  fingerprint: string;
  name: string;
  allowed: string;
  publicKey: string;
}

// Accepts both `NAME=\"x\"` (current) and `NAME=x` (old sshcommand) entries.
const MANAGED =
  /^command="FINGERPRINT=(\S+) NAME=(?:\\"([^"\\]*)\\"|([^\s"\\]+)) `cat [^`]*\/\.sshcommand` \$SSH_ORIGINAL_COMMAND"(?:,(\S+))? (.+)$/;

/** Parses a managed line; undefined for foreign lines, comments and blanks. */
export function parseManagedLine(line: string): ManagedKey | undefined {
  const m = MANAGED.exec(line);
  if (!m) return undefined;
  return { fingerprint: m[1]!, name: m[2] ?? m[3]!, allowed: m[4] ?? "", publicKey: m[5]! };
}

/**
 * The exact line sshcommand's `acl-add` writes (reference 4.1). sshd hands the forced command
 * to the login shell, so every interpolated value is checked to be inert there.
 */
export function formatManagedLine(key: ManagedKey, dokkuRoot: string): string {
  assertShellInert(dokkuRoot, "DOKKU_ROOT");
  assertKeyName(key.name);
  if (!/^[A-Za-z0-9+/=:._-]+$/.test(key.fingerprint)) throw new UserError("Invalid ssh public key");
  const quotes = key.allowed.split('"').length - 1;
  if (!/^[A-Za-z0-9_,=".:/*@-]*$/.test(key.allowed) || quotes % 2 !== 0 || /(^|,)command=/i.test(key.allowed)) {
    throw new UserError(`Invalid SSHCOMMAND_ALLOWED_KEYS value: ${key.allowed}`);
  }
  const options = key.allowed ? `,${key.allowed}` : "";
  return `command="FINGERPRINT=${key.fingerprint} NAME=\\"${key.name}\\" \`cat ${dokkuRoot}/.sshcommand\` $SSH_ORIGINAL_COMMAND"${options} ${key.publicKey}`;
}

/**
 * Key names end up inside the forced command that the login shell parses.
 * dokku-compat: Dokku accepts any name; we allow only characters the shell treats literally.
 */
export function assertKeyName(name: string): void {
  if (!/^[A-Za-z0-9_.@+-]+$/.test(name)) {
    throw new UserError(`Invalid key name "${name}": use only letters, digits and . _ @ + -`);
  }
}

function assertShellInert(value: string, label: string): void {
  if (!/^\/[A-Za-z0-9_./+-]*$/.test(value)) throw new UserError(`${label} must be an absolute path of plain characters: ${value}`);
}

const KEY_TYPE = /^(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(-cert-v01@openssh\.com)?$/;

/**
 * Normalises user input to one `TYPE BASE64 [COMMENT]` line, with Dokku's messages for
 * empty input and several lines. Options in front of the key are refused: ours come first.
 */
export function normalisePublicKey(input: string): string {
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(input)) {
    throw new UserError("Key specified is a private key; pass the public key (the .pub file) instead");
  }
  const lines = input.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines.length === 0) throw new UserError("Empty key was specified");
  if (lines.length > 1) throw new UserError("Too many keys provided, set one per invocation of dokku ssh-keys:add <NAME> <KEY_FILE>");
  const [type, blob, ...comment] = lines[0]!.split(/[ \t]+/);
  // dokku-compat: reference wording, including its missing word
  const invalid = () => new UserError("Key specified in is not a valid ssh public key");
  if (!type || !blob || !KEY_TYPE.test(type) || !/^[A-Za-z0-9+/]+={0,3}$/.test(blob)) throw invalid();
  if (/[\u0000-\u001f\u007f]/.test(comment.join(" "))) throw invalid();
  return [type, blob, ...comment].join(" ");
}
