import { describe, expect, test } from "bun:test";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readManifest } from "../../../src/core/plugin-manifest.ts";
import { tmpRoot } from "./_context.ts";

describe("readManifest", () => {
  test("description and version are one printable line", async () => {
    await using dir = await tmpRoot();
    await writeFile(join(dir.path, "plugin.toml"), '[plugin]\nversion = "1\\n !     x"\ndescription = "\\u001b[31mred"\n');
    expect(await readManifest(dir.path)).toEqual({ version: "1  !     x", description: "[31mred", config: {}, problems: [] });
  });

  test("[plugin.config] keeps variable-name keys without NUL values and reports the rest", async () => {
    await using dir = await tmpRoot();
    const toml = '[plugin]\n[plugin.config]\nimage = "postgres"\n_v2 = 17\nflag = true\n"A=B" = "1"\n"x y" = "2"\n"9a" = "3"\nnul = "a\\u0000b"\n';
    await writeFile(join(dir.path, "plugin.toml"), toml);
    const manifest = await readManifest(dir.path);
    expect(manifest?.config).toEqual({ image: "postgres", _v2: "17", flag: "true" });
    expect(manifest?.problems).toEqual([
      '[plugin.config] key "A=B" is not a valid variable name (letters, digits and _, not starting with a digit)',
      '[plugin.config] key "x y" is not a valid variable name (letters, digits and _, not starting with a digit)',
      '[plugin.config] key "9a" is not a valid variable name (letters, digits and _, not starting with a digit)',
      "[plugin.config] value of nul contains a NUL byte",
    ]);
  });
});
