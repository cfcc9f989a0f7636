import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTestHost, dokkuCommand, run, type TestHost } from "../_harness/host.ts";
import { generateKey } from "../_harness/sshd.ts";

const OPTIONS = "no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding";

const TIMEOUT = 60_000; // every case spawns dokku and ssh-keygen several times

describe("ssh-keys", () => {
  let host: TestHost;
  let keyA: string;
  let keyB: string;
  const authorizedKeys = () => join(host.dokkuRoot, ".ssh", "authorized_keys");
  const fingerprint = (pub: string) => spawnSync("ssh-keygen", ["-lf", pub]).stdout.toString().split(" ")[1]!;

  beforeAll(async () => {
    host = await createTestHost();
    keyA = await generateKey(host.root, "a");
    keyB = await generateKey(host.root, "b");
  }, TIMEOUT);
  afterAll(() => host?.[Symbol.asyncDispose]());

  test("add writes sshcommand's exact line, mode 600 in a 700 directory, and prints the fingerprint", async () => {
    const r = await host.dokku(["ssh-keys:add", "admin", `${keyA}.pub`]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${fingerprint(`${keyA}.pub`)}\n`);
    const pub = (await readFile(`${keyA}.pub`, "utf8")).trim();
    const line = `command="FINGERPRINT=${fingerprint(`${keyA}.pub`)} NAME=\\"admin\\" \`cat ${host.dokkuRoot}/.sshcommand\` $SSH_ORIGINAL_COMMAND",${OPTIONS} ${pub}\n`;
    expect(await readFile(authorizedKeys(), "utf8")).toBe(line);
    expect((await stat(authorizedKeys())).mode & 0o777).toBe(0o600);
    expect((await stat(join(host.dokkuRoot, ".ssh"))).mode & 0o777).toBe(0o700);
  }, TIMEOUT);

  test("add reads the key from stdin", async () => {
    const r = await host.dokku(["ssh-keys:add", "bob"], { input: await readFile(`${keyB}.pub`, "utf8") });
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(fingerprint(`${keyB}.pub`));
  }, TIMEOUT);

  test("list prints text and json, filtered by name", async () => {
    const text = await host.dokku(["ssh-keys:list"]);
    expect(text.stdout).toBe(
      `${fingerprint(`${keyA}.pub`)} NAME="admin" SSHCOMMAND_ALLOWED_KEYS="${OPTIONS}"\n` +
        `${fingerprint(`${keyB}.pub`)} NAME="bob" SSHCOMMAND_ALLOWED_KEYS="${OPTIONS}"\n`,
    );
    const json = JSON.parse((await host.dokku(["ssh-keys:list", "--format", "json", "bob"])).stdout);
    expect(json).toEqual([
      { fingerprint: fingerprint(`${keyB}.pub`), name: "bob", SSHCOMMAND_ALLOWED_KEYS: OPTIONS, "public-key": (await readFile(`${keyB}.pub`, "utf8")).trim() },
    ]);
    const bad = await host.dokku(["ssh-keys:list", "--format", "yaml"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(" !     Invalid output format specified, supported formats: json, text\n");
  }, TIMEOUT);

  test("bad keys and duplicates are refused with a clear error and the file is unchanged", async () => {
    const before = await readFile(authorizedKeys(), "utf8");
    const write = async (name: string, text: string) => {
      const path = join(host.root, name);
      await writeFile(path, text);
      return path;
    };
    const cases: [string[], string | undefined, string][] = [
      [["ssh-keys:add", "x", await write("junk", "not a key\n")], undefined, "Key specified in is not a valid ssh public key"],
      [["ssh-keys:add", "x", await write("badblob", "ssh-ed25519 AAAA!!!! c\n")], undefined, "Key specified in is not a valid ssh public key"],
      [["ssh-keys:add", "x", await write("forged", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBBk c\n")], undefined, "Key specified in is not a valid ssh public key"],
      [["ssh-keys:add", "x", keyA], undefined, "private key"],
      [["ssh-keys:add", "x"], `${await readFile(`${keyA}.pub`, "utf8")}${await readFile(`${keyB}.pub`, "utf8")}`, "Too many keys provided"],
      [["ssh-keys:add", "x"], "\n\n", "Empty key was specified"],
      [["ssh-keys:add", "x", join(host.root, "missing.pub")], undefined, "does not exist"],
      [["ssh-keys:add", "admin", `${keyB}.pub`], undefined, "Duplicate ssh key name"],
      [["ssh-keys:add", "other", `${keyA}.pub`], undefined, "Duplicate ssh public key specified"],
      [["ssh-keys:add", 'x" `id`', `${keyB}.pub`], undefined, "Invalid key name"],
      [["ssh-keys:add", "x$(id)", `${keyB}.pub`], undefined, "Invalid key name"],
      [["ssh-keys:add"], undefined, "A name for the key is required"],
      [["ssh-keys:remove"], undefined, "A name is required to remove a key"],
      [["ssh-keys:remove", "--fingerprint"], undefined, "A fingerprint is required"],
    ];
    for (const [args, input, message] of cases) {
      const r = await host.dokku(args, { input });
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 1, stdout: "" });
      expect(r.stderr).toContain(message);
    }
    const withOptions = await write("opts", `no-pty ${await readFile(`${keyB}.pub`, "utf8")}`);
    expect((await host.dokku(["ssh-keys:add", "opts", withOptions])).code).toBe(1);
    expect(await readFile(authorizedKeys(), "utf8")).toBe(before);
  }, TIMEOUT);

  test("remove by name and by fingerprint; an unknown name is a silent success", async () => {
    expect(await host.dokku(["ssh-keys:remove", "nobody"])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect((await host.dokku(["ssh-keys:remove", "bob"])).code).toBe(0);
    expect((await host.dokku(["ssh-keys:remove", "--fingerprint", fingerprint(`${keyA}.pub`)])).code).toBe(0);
    expect(await readFile(authorizedKeys(), "utf8")).toBe("");
    const empty = await host.dokku(["ssh-keys:list"]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("authorized_keys is empty for");
    expect((await host.dokku(["ssh-keys:remove", "bob"])).stderr).toContain("No public keys found.");
  }, TIMEOUT);

  test("foreign lines survive and a broken line is reported by number", async () => {
    await writeFile(authorizedKeys(), `# managed elsewhere\n${await readFile(`${keyB}.pub`, "utf8")}`);
    expect((await host.dokku(["ssh-keys:add", "admin", `${keyA}.pub`])).code).toBe(0);
    const text = await readFile(authorizedKeys(), "utf8");
    expect(text.startsWith(`# managed elsewhere\n${await readFile(`${keyB}.pub`, "utf8")}command="`)).toBe(true);
    await writeFile(authorizedKeys(), `${text}garbage line\n`);
    const r = await host.dokku(["ssh-keys:list"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${authorizedKeys()} line 4 failed ssh-keygen check.`);
    const ignored = await host.dokku(["ssh-keys:list"], { env: { SSHCOMMAND_IGNORE_LIST_WARNINGS: "true" } });
    expect(ignored.code).toBe(0);
    expect(ignored.stdout).toContain('NAME="admin"');
  }, TIMEOUT);

  test("10 concurrent adds all land", async () => {
    await writeFile(authorizedKeys(), "");
    const keys = await Promise.all(Array.from({ length: 10 }, (_, i) => generateKey(host.root, `c${i}`)));
    const results = await Promise.all(keys.map((key, i) => host.dokku(["ssh-keys:add", `c${i}`, `${key}.pub`])));
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(0));
    const names = JSON.parse((await host.dokku(["ssh-keys:list", "--format", "json"])).stdout).map((k: { name: string }) => k.name);
    expect(names.sort()).toEqual(keys.map((_, i) => `c${i}`).sort());
    const same = await Promise.all(keys.slice(0, 5).map((key) => host.dokku(["ssh-keys:add", "same", `${key}.pub`], { env: { SSHCOMMAND_CHECK_DUPLICATE_FINGERPRINT: "false" } })));
    expect(same.filter((r) => r.code === 0)).toHaveLength(1);
    expect(existsSync(join(host.dokkuRoot, ".ssh", ".authorized_keys.lock"))).toBe(false);
  }, TIMEOUT);

  test("add and remove must be run as root", async () => {
    if (process.getuid?.() !== 0 || !existsSync("/usr/sbin/runuser")) return void console.warn("skipped: needs root and runuser");
    const root = await mkdtemp(join(tmpdir(), "dokku-nobody-"));
    await chmod(root, 0o755); // readable by nobody, who must get as far as the root check
    const env = { ...host.env, DOKKU_ROOT: root, DOKKU_LIB_ROOT: root };
    const argv = ["/usr/sbin/runuser", "-u", "nobody", "--", "env", ...Object.entries(env).map(([k, v]) => `${k}=${v}`), ...dokkuCommand()];
    try {
      for (const args of [["ssh-keys:add", "x", `${keyA}.pub`], ["ssh-keys:remove", "x"]]) {
        const r = await run([...argv, ...args]);
        expect(r.stderr).toBe(" !     This command must be run as root\n");
        expect(r.code).toBe(1);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, TIMEOUT);
});
