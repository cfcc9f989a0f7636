// The bash library under bash/ is imported as text (`with { type: "text" }`), which Bun and Deno
// embed at build time; this tells tsc what such an import is.
declare module "*functions" {
  const text: string;
  export default text;
}

declare module "*cron-write" {
  const text: string;
  export default text;
}
