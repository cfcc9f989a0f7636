import { randomUUID } from "node:crypto";
import { copyFile, link, mkdir, readdir, rename, rm } from "node:fs/promises";
import { join } from "node:path";

/**
 * Moves a push's quarantined objects (`GIT_QUARANTINE_PATH`, where receive-pack keeps them until
 * pre-receive says yes) into the repository's object store, as git's own `tmp_objdir_migrate`
 * does after a successful hook: hard links (a copy across file systems), loose objects as they
 * are, packs with the `.idx` last so no reader meets an index without its pack, `.keep` files
 * left out (they would pin the pack forever).
 *
 * Why before the build detaches: when the pusher's connection dies, receive-pack deletes the
 * quarantine. The runner then still has every object it needs, both to check the source out and
 * to point the branch at the pushed commit afterwards (`update-ref` refuses a missing object).
 * git's later migration meets files that already exist, which it accepts (same names, same
 * bytes). Objects of a push that ends up refused stay unreferenced until `git gc` prunes them.
 */
export async function migrateQuarantine(quarantine: string, objects: string): Promise<void> {
  for (const entry of await readdir(quarantine, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (/^[0-9a-f]{2}$/.test(entry.name)) await migrateDir(join(quarantine, entry.name), join(objects, entry.name), () => 0);
    else if (entry.name === "pack") await migrateDir(join(quarantine, "pack"), join(objects, "pack"), packPriority);
  }
}

async function migrateDir(from: string, to: string, priority: (name: string) => number): Promise<void> {
  const names = (await readdir(from)).filter((name) => !name.startsWith("tmp_") && !name.endsWith(".keep"));
  if (names.length === 0) return;
  await mkdir(to, { recursive: true });
  for (const name of names.sort((a, b) => priority(a) - priority(b))) await place(join(from, name), join(to, name));
}

/** git's `pack_copy_priority`: the pack, then its reverse index and bitmap, the .idx last. */
function packPriority(name: string): number {
  if (name.endsWith(".pack")) return 1;
  if (name.endsWith(".idx")) return 3;
  return 2;
}

async function place(source: string, target: string): Promise<void> {
  try {
    await link(source, target);
    return;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "EEXIST") return; // an object's name is its content: the one there is the same
    if (code !== "EXDEV" && code !== "EPERM" && code !== "ENOTSUP") throw error;
  }
  const temporary = join(target, "..", `tmp_dokku_${randomUUID()}`);
  try {
    await copyFile(source, temporary);
    await rename(temporary, target);
  } finally {
    await rm(temporary, { force: true });
  }
}
