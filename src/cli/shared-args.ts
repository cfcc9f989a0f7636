import type { ArgsDef } from "citty";

/** `<app>` as the first positional; optional for citty so our validation owns the wording. */
export const appArg = { app: { type: "positional", description: "App name", required: false } } as const satisfies ArgsDef;

export const formatArg = {
  format: { type: "string", description: "Output format: stdout or json", valueHint: "stdout|json" },
} as const satisfies ArgsDef;

export const globalArg = { global: { type: "boolean", description: "Apply to the global scope" } } as const satisfies ArgsDef;
