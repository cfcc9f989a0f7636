import { readSync } from "node:fs";

/** Reads all of stdin (config:import -, ssh-keys:add). Empty when stdin is closed. */
export async function readAllStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads one line from stdin byte by byte, so nothing past the newline is consumed. */
export async function readLineStdin(): Promise<string> {
  const byte = Buffer.alloc(1);
  const bytes: number[] = [];
  for (;;) {
    let n: number;
    try {
      n = readSync(0, byte, 0, 1, null);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "EAGAIN") {
        await new Promise((resolve) => setTimeout(resolve, 10));
        continue;
      }
      if (code === "EOF") break;
      throw error;
    }
    if (n === 0 || byte[0] === 0x0a) break;
    bytes.push(byte[0]!);
  }
  return Buffer.from(bytes).toString("utf8").replace(/\r$/, "");
}
