import { describe, expect, test } from "bun:test";
import { DEFAULT_ALLOWED, formatManagedLine, normalisePublicKey, parseManagedLine } from "../../../../plugins/ssh-keys/key-line.ts";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBkSz9AnxcBfOXQYVlKYVMN/t3Sq7lgzJYHJ89Y1KhQ me@laptop";
const FP = "SHA256:jYhV/ZgAqJJCHN54kN24EUORjeFRLzOV5XgXTq7h4RA";

describe("formatManagedLine", () => {
  test("writes sshcommand's line byte for byte", () => {
    expect(formatManagedLine({ fingerprint: FP, name: "admin", allowed: DEFAULT_ALLOWED, publicKey: KEY }, "/home/dokku")).toBe(
      `command="FINGERPRINT=${FP} NAME=\\"admin\\" \`cat /home/dokku/.sshcommand\` $SSH_ORIGINAL_COMMAND",no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding ${KEY}`,
    );
  });

  test("round-trips through parseManagedLine", () => {
    const key = { fingerprint: FP, name: "me@host.example", allowed: DEFAULT_ALLOWED, publicKey: KEY };
    expect(parseManagedLine(formatManagedLine(key, "/home/dokku"))).toEqual(key);
  });

  test("refuses values the login shell would interpret", () => {
    const base = { fingerprint: FP, name: "admin", allowed: DEFAULT_ALLOWED, publicKey: KEY };
    for (const name of ["a b", "a$(id)", "a`id`", 'a"', "a;b", "a\\b", ""]) {
      expect(() => formatManagedLine({ ...base, name }, "/home/dokku")).toThrow("Invalid key name");
    }
    for (const root of ["/home/dok ku", "/home/$(id)", "relative", '/home/"x']) {
      expect(() => formatManagedLine(base, root)).toThrow("DOKKU_ROOT");
    }
    for (const allowed of ['no-pty,command="id"', "a b", 'from="x', "$(id)"]) {
      expect(() => formatManagedLine({ ...base, allowed }, "/home/dokku")).toThrow("SSHCOMMAND_ALLOWED_KEYS");
    }
    expect(formatManagedLine({ ...base, allowed: 'from="10.0.0.0/8",no-pty' }, "/home/dokku")).toContain(',from="10.0.0.0/8",no-pty ssh-ed25519');
  });
});

describe("parseManagedLine", () => {
  test("reads entries written by older sshcommand versions (unquoted NAME, md5 fingerprints)", () => {
    const md5 = "2a:f7:39:1c:63:80:c4:9e:a8:92:ec:e6:94:91:fa:c0";
    const line = `command="FINGERPRINT=${md5} NAME=without-quotes \`cat /home/dokku/.sshcommand\` $SSH_ORIGINAL_COMMAND",${DEFAULT_ALLOWED} ${KEY}`;
    expect(parseManagedLine(line)).toEqual({ fingerprint: md5, name: "without-quotes", allowed: DEFAULT_ALLOWED, publicKey: KEY });
  });

  test("ignores foreign lines and comments", () => {
    expect(parseManagedLine(KEY)).toBeUndefined();
    expect(parseManagedLine("# comment")).toBeUndefined();
    expect(parseManagedLine(`command="/bin/true" ${KEY}`)).toBeUndefined();
  });
});

describe("normalisePublicKey", () => {
  test("keeps type, blob and comment; trims blanks and CRLF", () => {
    expect(normalisePublicKey(`\r\n  ${KEY}\r\n\n`)).toBe(KEY);
    expect(normalisePublicKey("ssh-rsa AAAAB3NzaC1yc2E=")).toBe("ssh-rsa AAAAB3NzaC1yc2E=");
  });

  test("rejects several keys, empty input, private keys, options and junk", () => {
    expect(() => normalisePublicKey(`${KEY}\n${KEY}`)).toThrow("Too many keys provided");
    expect(() => normalisePublicKey(" \n")).toThrow("Empty key was specified");
    expect(() => normalisePublicKey("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n-----END OPENSSH PRIVATE KEY-----\n")).toThrow("private key");
    for (const bad of [`no-pty ${KEY}`, "hello world", "ssh-ed25519", "ssh-ed25519 AA$A", `${KEY}\u0007`]) {
      expect(() => normalisePublicKey(bad)).toThrow("not a valid ssh public key");
    }
  });
});
