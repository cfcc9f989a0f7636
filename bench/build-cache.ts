// Herokuish build cache (issue 4): a cold build (cache volume purged) against a warm rebuild of the
// unchanged buildpack fixture, on the compiled binary with real Docker and the offline test image.
// Writes the table into README.md between the bench:build-cache markers (appended when absent).
// Run: npm run build && node_modules/.bin/bun bench/build-cache.ts   (options: --runs N, --no-readme)
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { PROJECT_ROOT as ROOT, createHostDirs, runSync } from "../tests/_harness/host.ts";

const BIN = resolve(ROOT, process.env.DOKKU_BIN ?? "dist/dokku");
const README = join(ROOT, "README.md");
const START = "<!-- bench:build-cache:start -->";
const END = "<!-- bench:build-cache:end -->";
const FIXTURE = join(ROOT, "tests", "fixtures", "apps", "buildpack-procfile");
const IMAGE = process.env.DOKKU_TEST_HEROKUISH_IMAGE ?? "dokku-test/herokuish:latest";
const argv = process.argv.slice(2);
const RUNS = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 3;

// A dependency step as real buildpacks have one: slow the first time, restored from CACHE_PATH
// after. The work is synthetic (hashing), the cache mechanics (volume, CACHE_PATH) are Dokku's.
const DEPS_HOOK = `#!/usr/bin/env bash
set -euo pipefail
deps="\${CACHE_PATH:-/cache}/bench-deps"
if [[ -f "$deps/checksum" ]]; then
  echo "bench: dependencies restored from the build cache"
else
  echo "bench: installing dependencies"
  mkdir -p "$deps"
  head -c 600000000 /dev/zero | sha256sum >"$deps/checksum.tmp" && mv "$deps/checksum.tmp" "$deps/checksum"
fi
mkdir -p vendor && cp "$deps/checksum" vendor/deps.checksum
`;

interface Variant {
  name: string;
  prepare(dir: string): void;
}

const VARIANTS: Variant[] = [
  { name: "buildpack-procfile (as committed)", prepare: () => {} },
  {
    name: "buildpack-procfile + cached dependency step",
    prepare: (dir) => {
      mkdirSync(join(dir, "bin"), { recursive: true });
      writeFileSync(join(dir, "bin", "build-hook"), DEPS_HOOK, { mode: 0o755 });
    },
  },
];

function run(cmd: string, args: string[], env?: Record<string, string>): { status: number; out: string } {
  const r = runSync([cmd, ...args], { env });
  return { status: r.code, out: `${r.stdout}${r.stderr}` };
}

function must(cmd: string, args: string[], env?: Record<string, string>): string {
  const r = run(cmd, args, env);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}\n${r.out}`);
  return r.out;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function main(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} missing: run npm run build first`);
  if (run("docker", ["info"]).status !== 0) throw new Error("no Docker daemon answers (run bash scripts/docker-up.sh as root)");
  must("bash", [join(ROOT, "scripts", "images", "all.sh")]);
  using host = createHostDirs("dokku-bench-build-", { DOKKU_IMAGE: IMAGE });
  const { root, env } = host;
  const app = `bench-cache-${process.pid}`;
  const rows: string[] = [];
  let n = 0;
  try {
    must(BIN, ["apps:create", app], env);
    for (const variant of VARIANTS) {
      const timeBuild = (expect: string): number => {
        const dir = join(root, `work-${++n}`);
        cpSync(FIXTURE, dir, { recursive: true });
        variant.prepare(dir);
        const start = process.hrtime.bigint();
        const out = must(BIN, ["plugin:trigger", "builder-build", "herokuish", app, dir], env);
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        if (!out.includes(expect)) throw new Error(`expected "${expect}" in the build output:\n${out}`);
        return seconds;
      };
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        must(BIN, ["repo:purge-cache", app], env);
        cold.push(timeBuild("-----> Creating cache"));
        warm.push(timeBuild("-----> Using cache"));
      }
      const [c, w] = [median(cold), median(warm)];
      rows.push(`| ${variant.name} | ${c.toFixed(2)} s | ${w.toFixed(2)} s | ${(c - w).toFixed(2)} s (${(((c - w) / c) * 100).toFixed(0)}%) |`);
      process.stdout.write(`${rows.at(-1)}\n`);
    }
  } finally {
    run(BIN, ["apps:destroy", "--force", app], env);
    run("docker", ["volume", "rm", "-f", `cache-${app}`]);
    run("docker", ["image", "rm", "-f", `dokku/${app}:latest`]);
    run("docker", ["image", "prune", "-f", "--filter", `label=com.dokku.app-name=${app}`]);
  }
  const table = [
    "**Herokuish build cache** (`bench/build-cache.ts`).",
    `Median of ${RUNS} runs per row, \`plugin:trigger builder-build herokuish\` on the compiled binary with`,
    `\`${IMAGE}\`; cold = cache volume purged (\`repo:purge-cache\`), warm = unchanged rebuild.`,
    "",
    "| fixture | cold build | warm build | saved |",
    "|---|---|---|---|",
    ...rows,
  ].join("\n");
  process.stdout.write(`\n${table}\n`);
  if (!argv.includes("--no-readme")) writeReadme(table);
}

/** Replaces the text between the markers; appends the markers at the end when absent. */
function writeReadme(table: string): void {
  let text = existsSync(README) ? readFileSync(README, "utf8") : "";
  if (!text.includes(START) || !text.includes(END)) text = `${text.replace(/\n*$/, "\n")}\n${START}\n${END}\n`;
  const before = text.slice(0, text.indexOf(START) + START.length);
  const after = text.slice(text.indexOf(END));
  writeFileSync(README, `${before}\n${table}\n${after}`);
}

main();
