import type { Runtime } from "./runtime.ts";

/** Picks the runtime implementation once, at startup. */
export async function detectRuntime(): Promise<Runtime> {
  // Literal specifiers keep both files inside the compiled bundle.
  if ("Bun" in globalThis) return (await import("./bun.ts")).createBunRuntime();
  if ("Deno" in globalThis) return (await import("./deno.ts")).createDenoRuntime();
  throw new Error("Unsupported runtime: run with Bun or Deno");
}
