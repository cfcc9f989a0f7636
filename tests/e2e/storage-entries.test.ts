// Dokku 0.38's named storage entries on the compiled binary: create, info, list-entries, set,
// wait, labels, annotations and destroy (storage:exec and docker volumes: tests/integration).
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";

let host: TestHost;
let storage: string;
beforeAll(async () => {
  host = await createTestHost();
  storage = join(host.libRoot, "data", "storage");
  expect((await host.dokku(["apps:create", "se"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

const ok = (r: RunResult) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}
const entryFile = (name: string) => join(host.libRoot, "data", "storage-registry", "entries", `${name}.json`);

describe("storage:create", () => {
  test("registers the entry and makes its directory under LIB/data/storage, owned as --chown says", async () => {
    const r = await host.dokku(["storage:create", "--chown", "herokuish", "--label", "team=web", "--annotation", "note=a b", "se-data"]);
    expect(r).toEqual({
      code: 0,
      stdout: `       Created ${join(storage, "se-data")}\n       Setting directory ownership to 32767:32767\n-----> Storage entry se-data created\n`,
      stderr: "",
    });
    expect((await stat(join(storage, "se-data"))).uid).toBe(32767);
    expect(JSON.parse(await readFile(entryFile("se-data"), "utf8"))).toEqual({
      name: "se-data", scheduler: "docker-local", host_path: join(storage, "se-data"), chown: "herokuish",
      annotations: { note: "a b" }, labels: { team: "web" }, schema_version: 1,
    });
    expect(((await stat(entryFile("se-data"))).mode & 0o777).toString(8)).toBe("600");
  });

  test("a numeric --chown, --mode, a custom host path, and a repeat that leaves the entry in place", async () => {
    ok(await host.dokku(["storage:create", "--chown", "1500", "--mode", "0750", "se-num"]));
    const s = await stat(join(storage, "se-num"));
    expect([s.uid, s.gid, (s.mode & 0o777).toString(8)]).toEqual([1500, 1500, "750"]);
    const custom = join(host.root, "custom-dir");
    ok(await host.dokku(["storage:create", "se-custom", custom]));
    expect((await stat(custom)).isDirectory()).toBe(true);
    expect((await host.dokku(["storage:create", "se-custom", custom])).stdout).toBe("-----> Storage entry se-custom already exists, leaving in place\n-----> Storage entry se-custom created\n");
  });

  test("bad input: one line, non-zero exit, nothing registered", async () => {
    await writeFile(join(host.root, "a-file"), "x");
    const cases: [string[], string][] = [
      [["storage:create"], "storage entry name is required"],
      [["storage:create", "se_bad"], 'storage entry name "se_bad" must be a DNS-1123 label (lowercase letters, digits, and dashes; cannot start or end with a dash)'],
      [["storage:create", "Se"], 'storage entry name "Se" must be a DNS-1123 label (lowercase letters, digits, and dashes; cannot start or end with a dash)'],
      [["storage:create", "a".repeat(46)], `storage entry name "${"a".repeat(46)}" is too long (max 45 characters)`],
      [["storage:create", "legacy-foo"], 'storage entry name "legacy-foo" must not start with reserved prefix "legacy-"'],
      [["storage:create", "se-x", "relative/dir"], 'storage entry "se-x" host_path must be an absolute path or a docker named volume token, got "relative/dir"'],
      [["storage:create", "--chown", "herokuish", "se-x", join(host.root, "elsewhere")], "--chown is only supported when the storage entry uses the default host path"],
      [["storage:create", "--chown", "nobody", "se-x"], "Unsupported chown permissions: nobody (herokuish, heroku, paketo, root, false or a numeric id)"],
      [["storage:create", "--mode", "999", "se-x"], 'Invalid mode "999": expected octal permissions such as 0755'],
      [["storage:create", "--label", "novalue", "se-x"], 'Invalid --label value "novalue": expected key=value'],
      [["storage:create", "--scheduler", "k3s", "se-x"], "The k3s scheduler is not available on this host; storage entries use docker-local"],
      [["storage:create", "--scheduler", "nomad", "se-x"], 'Unsupported scheduler "nomad" (supported: docker-local)'],
      [["storage:create", "--size", "1Gi", "se-x"], 'storage entry "se-x" (docker-local) does not accept --size'],
      [["storage:create", "se-x", join(host.root, "a-file")], `storage entry path ${join(host.root, "a-file")} exists but is not a directory`],
    ];
    for (const [argv, message] of cases) refused(await host.dokku(argv), message);
    expect(JSON.parse((await host.dokku(["storage:list-entries", "--format", "json"])).stdout).map((e: { name: string }) => e.name)).toEqual(["se-custom", "se-data", "se-num"]);
  });
});

describe("storage:info / storage:list-entries", () => {
  test("text and json", async () => {
    expect((await host.dokku(["storage:info", "se-data"])).stdout).toBe(
      `-----> Storage entry se-data\n       Scheduler:        docker-local\n       Host path:        ${join(storage, "se-data")}\n       Chown:            herokuish\n`,
    );
    expect(JSON.parse((await host.dokku(["storage:info", "se-data", "--format", "json"])).stdout)).toMatchObject({ scheduler: "docker-local", labels: { team: "web" } });
    const list = (await host.dokku(["storage:list-entries"])).stdout;
    expect(list).toBe(
      `-----> Storage entries:\n       se-custom\tdocker-local\t${join(host.root, "custom-dir")}\n       se-data\tdocker-local\t${join(storage, "se-data")}\n       se-num\tdocker-local\t${join(storage, "se-num")}\n`,
    );
    expect(JSON.parse((await host.dokku(["storage:list-entries", "--scheduler", "k3s", "--format", "json"])).stdout)).toEqual([]);
  });

  test("bad input", async () => {
    refused(await host.dokku(["storage:info", "se-none"]), 'storage entry "se-none" does not exist');
    refused(await host.dokku(["storage:info", "../x"]), 'storage entry "../x" does not exist');
    refused(await host.dokku(["storage:info"]), "storage entry name is required");
    refused(await host.dokku(["storage:info", "se-data", "--format", "xml"]), "Invalid --format value specified: xml");
    refused(await host.dokku(["storage:list-entries", "--format", "xml"]), "Invalid --format value specified: xml");
  });
});

describe("storage:set / storage:wait", () => {
  test("chown and mode change the directory; an empty value unsets", async () => {
    expect((await host.dokku(["storage:set", "se-num", "chown", "heroku"])).stdout).toBe("=====> Setting chown to heroku\n-----> Storage entry se-num updated\n");
    expect((await stat(join(storage, "se-num"))).uid).toBe(1000);
    ok(await host.dokku(["storage:set", "se-num", "mode", "0700"]));
    expect(((await stat(join(storage, "se-num"))).mode & 0o777).toString(8)).toBe("700");
    expect((await host.dokku(["storage:set", "se-num", "mode"])).stdout).toBe("=====> Unsetting mode\n-----> Storage entry se-num updated\n");
    expect(JSON.parse(await readFile(entryFile("se-num"), "utf8")).mode).toBeUndefined();
  });

  test("bad input", async () => {
    refused(await host.dokku(["storage:set", "se-none", "chown", "heroku"]), 'storage entry "se-none" does not exist');
    refused(await host.dokku(["storage:set", "se-num"]), "No property specified");
    refused(await host.dokku(["storage:set", "se-num", "colour", "red"]), "Invalid property specified, valid properties include: chown, mode");
    refused(await host.dokku(["storage:set", "se-num", "size", "2Gi"]), "Property size is only supported for k3s storage entries");
    refused(await host.dokku(["storage:set", "se-num", "chown", "who"]), "Unsupported chown permissions: who (herokuish, heroku, paketo, root, false or a numeric id)");
    refused(await host.dokku(["storage:set", "se-custom", "chown", "heroku"]), "--chown is only supported when the storage entry uses the default host path");
    refused(await host.dokku(["storage:set", "se-num", "mode", "rwx"]), 'Invalid mode "rwx": expected octal permissions such as 0755');
  });

  test("wait succeeds while the directory exists and fails once it is gone", async () => {
    ok(await host.dokku(["storage:wait", "se-custom"]));
    await rm(join(host.root, "custom-dir"), { recursive: true });
    refused(await host.dokku(["storage:wait", "se-custom"]), `storage entry "se-custom" host path ${join(host.root, "custom-dir")} is not present`);
    refused(await host.dokku(["storage:wait", "se-none"]), 'storage entry "se-none" does not exist');
    await mkdir(join(host.root, "custom-dir"));
  });
});

describe("storage:labels:* / storage:annotations:*", () => {
  test("set and unset one key; report one entry, one key or every entry", async () => {
    expect((await host.dokku(["storage:labels:set", "se-data", "tier", "db"])).stdout).toBe("=====> Setting label tier to db\n");
    expect((await host.dokku(["storage:labels:report", "se-data"])).stdout).toBe(
      "=====> se-data labels information\n       Label team:                    web\n       Label tier:                    db\n",
    );
    expect((await host.dokku(["storage:labels:report", "se-data", "--storage-labels.tier"])).stdout).toBe("db\n");
    expect(JSON.parse((await host.dokku(["storage:labels:report", "se-data", "--format", "json"])).stdout)).toEqual({ team: "web", tier: "db" });
    expect((await host.dokku(["storage:labels:set", "se-data", "team"])).stdout).toBe("=====> Unsetting label team\n");
    ok(await host.dokku(["storage:annotations:set", "se-num", "app.kubernetes.io/part-of", "shop"]));
    const all = (await host.dokku(["storage:annotations:report"])).stdout;
    // dokku-compat: labels are padded to max(31, longest label), so a long key meets its value.
    expect(all).toContain("=====> se-num annotations information\n       Annotation app.kubernetes.io/part-of:shop\n");
    expect(all).toContain("=====> se-data annotations information\n       Annotation note:               a b\n");
  });

  test("bad input", async () => {
    refused(await host.dokku(["storage:labels:set", "se-none", "a", "b"]), 'storage entry "se-none" does not exist');
    refused(await host.dokku(["storage:labels:set", "se-data"]), "No label key specified");
    refused(await host.dokku(["storage:annotations:set", "se-data"]), "No annotation key specified");
    refused(await host.dokku(["storage:labels:set", "se-data", "a b", "c"]), "Invalid label: keys cannot contain spaces and values cannot contain newlines");
    refused(await host.dokku(["storage:labels:report", "se-data", "--storage-labels.nope"]), "Invalid flag passed, valid flags: --storage-labels.tier");
    refused(await host.dokku(["storage:labels:report", "--storage-labels.tier"]), "storage:labels:report requires a storage entry name when an info flag is specified");
    refused(await host.dokku(["storage:annotations:report", "se-none"]), 'storage entry "se-none" does not exist');
  });
});

describe("storage:destroy", () => {
  test("refused while an app mounts the entry; asks for confirmation; --force skips it", async () => {
    ok(await host.dokku(["storage:mount", "se", "se-data", "--container-dir", "/data"]));
    refused(await host.dokku(["storage:destroy", "se-data", "--force"]), 'storage entry "se-data" is still mounted by app(s): se');
    ok(await host.dokku(["storage:unmount", "se", "se-data"]));
    const denied = await host.dokku(["storage:destroy", "se-data"], { input: "nope\n" });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      ' !     WARNING: Potentially Destructive Action\n !     This command will destroy storage entry se-data.\n !     To proceed, type "se-data"\n !     Confirmation did not match test. Aborted.\n',
    );
    expect((await stat(entryFile("se-data"))).isFile()).toBe(true);
    const confirmed = await host.dokku(["storage:destroy", "se-data"], { input: "se-data\n" });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toContain("-----> Storage entry se-data destroyed\n");
    // Without --destroy-host-dir the data stays.
    expect((await stat(join(storage, "se-data"))).isDirectory()).toBe(true);
  });

  test("--destroy-host-dir removes a directory under the storage root, never one elsewhere", async () => {
    refused(
      await host.dokku(["storage:destroy", "se-custom", "--force", "--destroy-host-dir"]),
      `Refusing to remove ${join(host.root, "custom-dir")}: only directories directly under ${storage} are removed`,
    );
    expect((await stat(join(host.root, "custom-dir"))).isDirectory()).toBe(true);
    ok(await host.dokku(["storage:destroy", "se-num", "--force", "--destroy-host-dir"]));
    await expect(stat(join(storage, "se-num"))).rejects.toThrow();
    refused(await host.dokku(["storage:destroy", "se-num", "--force"]), 'storage entry "se-num" does not exist');
    refused(await host.dokku(["storage:destroy"]), "storage entry name is required");
  });
});
