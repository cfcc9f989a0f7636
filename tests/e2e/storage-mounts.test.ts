// storage:mount / unmount / list / report / ensure-directory on the compiled binary, and the
// -v flags docker-args-deploy / docker-args-run print for them.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { splitXargs } from "../../src/cli/ssh-command.ts";
import { createTestHost, type RunResult, type TestHost } from "../_harness/host.ts";

let host: TestHost;
let spaced: string;
beforeAll(async () => {
  host = await createTestHost();
  spaced = join(host.root, "with space");
  await mkdir(spaced);
  expect((await host.dokku(["apps:create", "st"])).code).toBe(0);
});
afterAll(() => host?.[Symbol.asyncDispose]());

const ok = (r: RunResult) => expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: "" });
function refused(r: RunResult, message: string, code = 1): void {
  expect(r).toEqual({ code, stdout: "", stderr: ` !     ${message}\n` });
}
const words = async (...args: string[]) => splitXargs((await host.dokku(["plugin:trigger", ...args])).stdout);
/** `-v X` pairs as a sorted list (legacy-* entries sort by a hash of a temp path). */
const mounts = async (...args: string[]) => {
  const w = await words(...args);
  return w.flatMap((word, i) => (i % 2 === 1 ? [`${w[i - 1]} ${word}`] : [])).sort();
};
const sortedLines = (text: string) => text.split("\n").filter(Boolean).sort();

describe("legacy host:container mounts", () => {
  test("mount, list (text, quiet, json), a repeat is refused, unmount", async () => {
    ok(await host.dokku(["storage:mount", "st", `${spaced}:/mnt/a`]));
    ok(await host.dokku(["storage:mount", "st", "st-volume:/vol:ro"]));
    refused(await host.dokku(["storage:mount", "st", `${spaced}:/mnt/a`]), "Mount path already exists.");
    const [heading, ...rows] = (await host.dokku(["storage:list", "st"])).stdout.split("\n");
    expect(heading).toBe("-----> st volume bind-mounts:");
    expect(rows.filter(Boolean).sort()).toEqual([`       ${spaced}:/mnt/a`, "       st-volume:/vol:ro"]);
    expect(sortedLines((await host.dokku(["--quiet", "storage:list", "st"])).stdout)).toEqual([`${spaced}:/mnt/a`, "st-volume:/vol:ro"]);
    const json = JSON.parse((await host.dokku(["storage:list", "st", "--format", "json"])).stdout);
    expect(json).toContainEqual({ entry_name: expect.stringMatching(/^legacy-/), host_path: spaced, container_path: "/mnt/a" });
    expect(json).toContainEqual({ entry_name: expect.stringMatching(/^legacy-/), host_path: "st-volume", container_path: "/vol", readonly: true });
    expect(await mounts("docker-args-deploy", "st", "latest", "web", "1")).toEqual([`-v ${spaced}:/mnt/a`, "-v st-volume:/vol:ro"]);
    expect(await mounts("docker-args-run", "st", "latest")).toEqual([`-v ${spaced}:/mnt/a`, "-v st-volume:/vol:ro"]);
    ok(await host.dokku(["storage:unmount", "st", "st-volume:/vol:ro"]));
    refused(await host.dokku(["storage:unmount", "st", "st-volume:/vol:ro"]), "Mount path does not exist.");
    expect((await host.dokku(["--quiet", "storage:list", "st"])).stdout).toBe(`${spaced}:/mnt/a\n`);
    expect((await host.dokku(["storage:list-entries", "--format", "json"])).stdout).not.toContain('"st-volume"');
  });

  test("the report shows the -v flags per phase and one group of keys per attachment", async () => {
    const json = JSON.parse((await host.dokku(["storage:report", "st", "--format", "json"])).stdout);
    expect(json).toMatchObject({
      "storage-build-mounts": "",
      "storage-deploy-mounts": `-v '${spaced}:/mnt/a'`,
      "run-mounts": `-v '${spaced}:/mnt/a'`,
      "attachment.1.host-path": spaced,
      "attachment.1.container-path": "/mnt/a",
      "attachment.1.phases": "deploy,run",
      "attachment.1.process-type": "_default_",
      "storage-attachment.1.readonly": "false",
    });
    expect((await host.dokku(["storage:report", "st", "--storage-attachment.1.container-path"])).stdout).toBe("/mnt/a\n");
    expect((await host.dokku(["storage:report", "st"])).stdout).toContain("       Storage attachment 1 container path: /mnt/a\n");
  });
});

describe("named entries mounted into an app", () => {
  test("phases, process types, read-only, options, subpath and chown; re-mounting rewrites in place", async () => {
    ok(await host.dokku(["storage:create", "st-data"]));
    const root = join(host.libRoot, "data", "storage", "st-data");
    ok(await host.dokku(["storage:mount", "st", "st-data", "--container-dir", "/data", "--volume-options", "Z"]));
    ok(await host.dokku(["storage:mount", "st", "st-data", "--container-dir", "/data", "--volume-options", "noexec,nosuid", "--volume-readonly"]));
    ok(await host.dokku(["storage:mount", "st", "st-data", "--container-dir", "/uploads", "--volume-subpath", "up", "--volume-chown", "heroku", "--phase", "deploy"]));
    ok(await host.dokku(["storage:mount", "st", "st-data", "--container-dir", "/jobs", "--process-type", "worker"]));
    expect((await stat(join(root, "up"))).uid).toBe(1000);
    const deployWeb = await words("docker-args-deploy", "st", "latest", "web", "1");
    // Sorted by entry name, then container path.
    expect(deployWeb).toEqual(["-v", `${spaced}:/mnt/a`, "-v", `${root}:/data:ro,noexec,nosuid`, "-v", `${join(root, "up")}:/uploads`]);
    expect(await words("docker-args-deploy", "st", "latest", "worker", "1")).toContain(`${root}:/jobs`);
    expect(await words("docker-args-run", "st", "latest")).toEqual(["-v", `${spaced}:/mnt/a`, "-v", `${root}:/data:ro,noexec,nosuid`]);
    const lines = (await readFile(join(host.libRoot, "config", "storage", "st", "attachments"), "utf8")).trim().split("\n");
    expect(lines.map((l) => JSON.parse(l).container_path)).toEqual(["/mnt/a", "/data", "/uploads", "/jobs"]);
  });

  test("unmount by name needs --container-dir when the entry is mounted twice", async () => {
    refused(
      await host.dokku(["storage:unmount", "st", "st-data"]),
      'storage entry "st-data" is mounted at multiple paths on app "st" (/data, /jobs, /uploads); pass --container-dir to disambiguate',
    );
    refused(await host.dokku(["storage:unmount", "st", "st-data", "--container-dir", "/nope"]), 'storage entry "st-data" is not mounted at "/nope" on app "st"');
    for (const dir of ["/data", "/jobs", "/uploads"]) ok(await host.dokku(["storage:unmount", "st", "st-data", "--container-dir", dir]));
    refused(await host.dokku(["storage:unmount", "st", "st-data"]), 'storage entry "st-data" is not mounted on app "st"');
  });

  test("bad input: one line, non-zero exit, nothing stored", async () => {
    const cases: [string[], string, number?][] = [
      [["storage:mount", "missing", "/a:/b"], "App missing does not exist", 20],
      [["storage:mount", "st", "/var/data"], "Storage path must be two valid paths divided by colon."],
      [["storage:mount", "st", "v:/data"], "Volume name must be two characters or more. Volume name must not contain invalid characters. Storage path must be two valid paths divided by colon."],
      [["storage:mount", "st", "/a:/b:ro;x"], 'Invalid mount option "ro;x" in /a:/b:ro;x'],
      [["storage:mount", "st", "no-such-entry", "--container-dir", "/x"], 'storage entry "no-such-entry" does not exist'],
      [["storage:mount", "st", "st-data"], "--container-dir is required when mounting a named storage entry"],
      [["storage:mount", "st", "st-data", "--container-dir", "data"], 'Container path must be absolute: "data"'],
      [["storage:mount", "st", "st-data", "--container-dir", "/x", "--phase", "build"], 'attachment phase "build" is not supported (must be "deploy" or "run")'],
      [["storage:mount", "st", "st-data", "--container-dir", "/x", "--process-type", "web.1"], 'Invalid process type: "web.1" (letters, digits, _ and -, at most 63)'],
      [["storage:mount", "st", "st-data", "--container-dir", "/x", "--volume-subpath", "../etc"], 'Invalid volume subpath "../etc": expected a relative path inside the storage entry'],
      [["storage:mount", "st", "st-data", "--container-dir", "/x", "--volume-chown", "nobody"], "Unsupported chown permissions: nobody (herokuish, heroku, paketo, root, false or a numeric id)"],
      [["storage:unmount", "missing", "/a:/b"], "App missing does not exist", 20],
      [["storage:unmount", "st", "/var/data"], "Storage path must be two valid paths divided by colon."],
      [["storage:list", "missing"], "App missing does not exist", 20],
      [["storage:list", "st", "--format", "yaml"], "Invalid --format value specified: yaml"],
      [["storage:report", "missing"], "App missing does not exist", 20],
    ];
    for (const [argv, message, code] of cases) refused(await host.dokku(argv), message, code ?? 1);
    expect((await host.dokku(["--quiet", "storage:list", "st"])).stdout).toBe(`${spaced}:/mnt/a\n`);
  });
});

describe("storage:ensure-directory", () => {
  test("creates LIB/data/storage/NAME owned for herokuish by default, or as --chown says", async () => {
    const r = await host.dokku(["storage:ensure-directory", "st-dir"]);
    const dir = join(host.libRoot, "data", "storage", "st-dir");
    expect(r).toEqual({
      code: 0,
      stdout: `-----> Ensuring ${dir} exists\n       Setting directory ownership to 32767:32767\n       Directory ready for mounting\n`,
      stderr: " !     Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'\n",
    });
    expect((await stat(dir)).uid).toBe(32767);
    expect((await host.dokku(["storage:ensure-directory", "st-dir", "--chown", "paketo"])).stdout).toContain("Setting directory ownership to 2000:2000");
    expect((await stat(dir)).gid).toBe(2000);
    expect((await host.dokku(["storage:ensure-directory", "--chown", "false", "st-dir"])).stdout).not.toContain("ownership");
  });

  test("bad names and chown options are refused", async () => {
    const warn = " !     Deprecated: please use 'storage:create' instead of 'storage:ensure-directory'\n";
    for (const [argv, message] of [
      [["storage:ensure-directory", "a/b"], "Directory can only contain the following set of characters: [A-Za-z0-9_-]"],
      [["storage:ensure-directory", ".."], "Directory can only contain the following set of characters: [A-Za-z0-9_-]"],
      [["storage:ensure-directory"], "Please specify a directory to create"],
      [["storage:ensure-directory", "--chown", "www", "x"], "Unsupported chown permissions: www (herokuish, heroku, paketo, root, false or a numeric id)"],
    ] as const) {
      expect(await host.dokku(argv)).toEqual({ code: 1, stdout: "", stderr: `${warn} !     ${message}\n` });
    }
  });
});

test("apps:clone copies attachments, apps:destroy removes them; entries outlive the app", async () => {
  ok(await host.dokku(["apps:create", "st-src"]));
  ok(await host.dokku(["storage:create", "st-shared"]));
  ok(await host.dokku(["storage:mount", "st-src", "st-shared", "--container-dir", "/shared"]));
  ok(await host.dokku(["apps:clone", "--skip-deploy", "st-src", "st-copy"]));
  expect((await host.dokku(["--quiet", "storage:list", "st-copy"])).stdout).toBe(`${join(host.libRoot, "data", "storage", "st-shared")}:/shared\n`);
  ok(await host.dokku(["apps:destroy", "st-src", "--force"]));
  ok(await host.dokku(["apps:destroy", "st-copy", "--force"]));
  expect((await host.dokku(["storage:info", "st-shared", "--format", "json"])).code).toBe(0);
  ok(await host.dokku(["storage:destroy", "st-shared", "--force"]));
});
