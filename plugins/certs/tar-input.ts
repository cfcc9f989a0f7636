// The certificate pair from a tar on stdin (Dokku's `certs:add APP < certs.tar`), read through the
// project's one safe tar reader (src/archive).
import { readTar } from "../../src/archive/tar-reader.ts";
import { UserError, errorMessage } from "../../src/core/errors.ts";

/** Largest tar we read from stdin, and largest member we keep: a PEM pair is a few kilobytes. */
const MAX_TAR = 8 * 1024 * 1024;
const MAX_MEMBER = 1024 * 1024;

export interface CertPair {
  readonly crt: Buffer;
  readonly key: Buffer;
}

/**
 * Exactly one `*.crt` and one `*.key` regular file; hidden paths (any part starting with `.`)
 * are ignored as Dokku ignores them; links, devices and everything else are skipped unread.
 */
export async function readCertTar(source: AsyncIterable<Uint8Array>): Promise<CertPair> {
  const found: Record<"crt" | "key", Buffer[]> = { crt: [], key: [] };
  try {
    await readTar(limited(source, MAX_TAR), async (entry) => {
      const parts = entry.name.split("/").filter((p) => p !== "" && p !== ".");
      if (entry.kind !== "file" || parts.length === 0 || parts.some((p) => p.startsWith("."))) return undefined;
      const ext = parts[parts.length - 1]!.endsWith(".crt") ? "crt" : parts[parts.length - 1]!.endsWith(".key") ? "key" : undefined;
      if (!ext) return undefined;
      if (entry.size > MAX_MEMBER) throw new UserError(`Tar archive member ${entry.name} is larger than ${MAX_MEMBER} bytes`);
      const chunks: Buffer[] = [];
      return {
        write: async (chunk) => void chunks.push(Buffer.from(chunk)),
        close: async () => void found[ext].push(Buffer.concat(chunks)),
      };
    });
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(errorMessage(error));
  }
  // dokku-compat: Dokku's messages.
  for (const ext of ["crt", "key"] as const) {
    if (found[ext].length === 0) throw new UserError(`Tar archive is missing .${ext} file`);
    if (found[ext].length > 1) throw new UserError(`Tar archive contains more than one .${ext} file`);
  }
  return { crt: found.crt[0]!, key: found.key[0]! };
}

async function* limited(source: AsyncIterable<Uint8Array>, max: number): AsyncIterable<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > max) throw new UserError(`Tar archive on stdin is larger than ${max} bytes`);
    yield chunk;
  }
}
