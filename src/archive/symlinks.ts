import { readdir, realpath } from "node:fs/promises";
import { join, relative } from "node:path";
import { ArchiveRejection } from "./entry.ts";

/** Linux follows at most 40 links in one lookup (ELOOP). */
const MAX_HOPS = 40;

/**
 * Resolves the symlink at `path` (relative to the root) through the archive's own `links` the
 * way the kernel will once they are on disk: each link met on the way is replaced by its target,
 * `..` after a link climbs from where the link points. Components that do not exist are taken
 * as directories, so a dangling link is judged by where it would point once they did.
 */
export function linkEscapes(path: string, links: ReadonlyMap<string, string>): "inside" | "outside" | "loop" {
  let hops = 0;
  const walk = (stack: string[], target: string): "inside" | "outside" | "loop" => {
    if (target.startsWith("/")) return "outside";
    for (const part of target.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (stack.length === 0) return "outside";
        stack.pop();
        continue;
      }
      stack.push(part);
      const next = links.get(stack.join("/"));
      if (next === undefined) continue;
      if (++hops > MAX_HOPS) return "loop";
      stack.pop();
      const verdict = walk(stack, next);
      if (verdict !== "inside") return verdict;
    }
    return "inside";
  };
  return walk(path.split("/").slice(0, -1), links.get(path) ?? "");
}

/** Dokku's post-extraction check: every symlink on disk must resolve inside `root` (dangling ones are judged before extraction). */
export async function checkSymlinksInside(root: string): Promise<void> {
  const base = await realpath(root);
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      if (!entry.isSymbolicLink()) continue;
      let target: string;
      try {
        target = await realpath(path);
      } catch {
        continue;
      }
      const rel = relative(base, target);
      if (rel === ".." || rel.startsWith("../") || rel.startsWith("/")) {
        throw new ArchiveRejection("rejected_extracted_symlink", "Archive contains symlinks pointing outside extraction directory", `link=${path} target=${target}`, relative(root, path));
      }
    }
  };
  await walk(root);
}
