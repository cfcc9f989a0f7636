import { describe, expect, test } from "bun:test";
import { chownId, validateEntryName } from "../../../../plugins/storage/names.ts";
import { attachmentsFor, colonForm, legacyEntry, mountFlag, parseLegacyMount, validateSubpath } from "../../../../plugins/storage/mount-spec.ts";
import type { Attachment, Entry } from "../../../../plugins/storage/schema.ts";

describe("legacy host:container[:options]", () => {
  test("parses host paths and volume names, hoisting ro", () => {
    expect(parseLegacyMount("/var/data:/app/data")).toEqual({ host: "/var/data", container: "/app/data", readonly: false, volumeOptions: "" });
    expect(parseLegacyMount("vol_1:/data:ro,Z")).toEqual({ host: "vol_1", container: "/data", readonly: true, volumeOptions: "Z" });
    expect(parseLegacyMount("/with space:/x")).toMatchObject({ host: "/with space" });
  });

  test("Dokku's messages for bad paths", () => {
    expect(() => parseLegacyMount("/var/data")).toThrow("Storage path must be two valid paths divided by colon.");
    expect(() => parseLegacyMount("v:/x")).toThrow("Volume name must be two characters or more.");
    expect(() => parseLegacyMount("vol:relative")).toThrow("Volume name must be two characters or more.");
    expect(() => parseLegacyMount(undefined)).toThrow("Volume name must be two characters or more.");
    expect(() => parseLegacyMount("/a:/b:ro;rm")).toThrow('Invalid mount option "ro;rm"');
    expect(() => parseLegacyMount("/a:/b,c")).toThrow("Container path must not contain");
  });

  test("the synthesised entry name depends on the host side only", () => {
    expect(legacyEntry("/var/data").name).toMatch(/^legacy-[0-9a-f]{10}$/);
    expect(legacyEntry("/var/data").name).toBe(legacyEntry("/var/data").name);
    expect(legacyEntry("var-data").name).not.toBe(legacyEntry("/var-data").name);
  });
});

describe("entry names and chown", () => {
  test("DNS-1123 labels of at most 45 characters, legacy- reserved", () => {
    expect(validateEntryName("app-data")).toBe("app-data");
    expect(() => validateEntryName("a_b")).toThrow("must be a DNS-1123 label");
    expect(() => validateEntryName("Abc")).toThrow("must be a DNS-1123 label");
    expect(() => validateEntryName("a".repeat(46))).toThrow("is too long (max 45 characters)");
    expect(() => validateEntryName("legacy-x")).toThrow('must not start with reserved prefix "legacy-"');
    expect(() => validateEntryName("")).toThrow("storage entry name is required");
  });

  test("chown options map to Dokku's ids", () => {
    expect([chownId("herokuish"), chownId("heroku"), chownId("paketo"), chownId("packeto"), chownId("root"), chownId("1500")]).toEqual([32767, 1000, 2000, 2000, 0, 1500]);
    expect(chownId("false")).toBeUndefined();
    expect(() => chownId("nobody")).toThrow("Unsupported chown permissions");
  });

  test("subpaths stay inside the entry", () => {
    expect(validateSubpath("a/./b")).toBe("a/b");
    expect(() => validateSubpath("../x")).toThrow("Invalid volume subpath");
    expect(() => validateSubpath("/abs")).toThrow("Invalid volume subpath");
  });
});

describe("mount flags", () => {
  const dir: Entry = { name: "data", scheduler: "docker-local", host_path: "/srv/my data" };
  const vol: Entry = { name: "cache", scheduler: "docker-local", host_path: "cache-vol" };
  const base: Attachment = { entry_name: "data", container_path: "/data", phases: ["deploy", "run"] };

  test("-v host:container with ro and options; subpaths join host directories", () => {
    expect(mountFlag(dir, base)).toEqual(["-v", "/srv/my data:/data"]);
    expect(mountFlag(dir, { ...base, readonly: true, volume_options: "Z" })).toEqual(["-v", "/srv/my data:/data:ro,Z"]);
    expect(mountFlag(dir, { ...base, subpath: "up" })).toEqual(["-v", "/srv/my data/up:/data"]);
    expect(colonForm(vol, { ...base, volume_options: "nocopy" })).toBe("cache-vol:/data:nocopy");
  });

  test("a subpath of a docker volume needs --mount", () => {
    expect(mountFlag(vol, { ...base, subpath: "a", readonly: true })).toEqual(["--mount", "type=volume,source=cache-vol,target=/data,volume-subpath=a,readonly"]);
  });

  test("attachments of a phase: every process type's plus the named type's, sorted", () => {
    const list: Attachment[] = [
      { entry_name: "b", container_path: "/b", phases: ["deploy"] },
      { entry_name: "a", container_path: "/w", phases: ["deploy"], process_type: "worker" },
      { entry_name: "a", container_path: "/r", phases: ["run"] },
      { entry_name: "a", container_path: "/a", phases: ["deploy", "run"] },
    ];
    expect(attachmentsFor(list, "deploy", "web").map((a) => a.container_path)).toEqual(["/a", "/b"]);
    expect(attachmentsFor(list, "deploy", "worker").map((a) => a.container_path)).toEqual(["/a", "/w", "/b"]);
    expect(attachmentsFor(list, "run").map((a) => a.container_path)).toEqual(["/a", "/r"]);
  });
});
