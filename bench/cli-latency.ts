// CLI latency budgets (DESIGN.md section 7), measured on the compiled binary and written into
// README.md between the bench:cli-latency markers. Budgets are reported here, never as timed tests.
// Run: npm run build && npm run bench   (options: --runs N, --warmup N, --no-readme)
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join, relative, resolve } from "node:path";
import { PROJECT_ROOT as ROOT, type HostDirs, createHostDirs, runSync } from "../tests/_harness/host.ts";

const BIN = resolve(ROOT, process.env.DOKKU_BIN ?? "dist/dokku");
const README = join(ROOT, "README.md");
const START = "<!-- bench:cli-latency:start -->";
const END = "<!-- bench:cli-latency:end -->";
const APP_COUNT = 1000;

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : fallback;
};
const RUNS = option("--runs", 30);
const WARMUP = option("--warmup", 3);

interface Case {
  name: string;
  args: string[];
  /** Extra environment of this case only. */
  env?: Record<string, string>;
  budget?: (median: number, medians: Map<string, number>) => string;
}

const CASES: Case[] = [
  { name: "dokku version", args: ["version"] },
  {
    name: "dokku config:get APP KEY",
    args: ["config:get", "bench-app", "BENCH_KEY"],
    budget: (m, all) => ratioBudget(m, all.get("dokku version")!, 1.5),
  },
  {
    // events:on as the env snapshot sees it: every trigger fired appends a line in-process.
    name: "dokku config:get APP KEY (events on)",
    args: ["config:get", "bench-app", "BENCH_KEY"],
    env: { DOKKU_EVENTS: "1" },
    budget: (m, all) => ratioBudget(m, all.get("dokku version")!, 1.5),
  },
  { name: `dokku apps:list (${APP_COUNT} apps)`, args: ["apps:list"], budget: (m) => (m < 100 ? "ok (< 100 ms)" : "**MISSED** (>= 100 ms)") },
  { name: "dokku apps:report APP --format json", args: ["apps:report", "bench-app", "--format", "json"] },
];

function ratioBudget(median: number, floor: number, limit: number): string {
  const ratio = median / floor;
  return `${ratio <= limit ? "ok" : "**MISSED**"} (${ratio.toFixed(2)}x version, limit ${limit}x)`;
}

/** A temp Dokku host with one configured app and APP_COUNT app directories. */
function setup(): HostDirs {
  const host = createHostDirs("dokku-bench-");
  const cli = (...args: string[]) => {
    const r = runSync([BIN, ...args], { env: host.env });
    if (r.code !== 0) throw new Error(`setup failed: dokku ${args.join(" ")} (exit ${r.code})\n${r.stdout}${r.stderr}`);
  };
  // A few apps through the CLI (created-at stamps, config), the rest as bare directories for speed.
  for (const app of ["bench-app", "bench-api", "bench-worker"]) cli("apps:create", app);
  cli("config:set", "--no-restart", "bench-app", "BENCH_KEY=value");
  for (let i = 0; i < APP_COUNT - 3; i++) mkdirSync(join(host.dokkuRoot, `app-${String(i).padStart(4, "0")}`));
  return host;
}

function timeOnce(args: string[], env: Record<string, string>): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(BIN, args, { env, stdio: ["ignore", "ignore", "pipe"] });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`dokku ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

/** Round-robin over the cases, so load changes on a shared machine hit every command alike. */
function measureAll(env: Record<string, string>): { c: Case; times: number[] }[] {
  for (let i = 0; i < WARMUP; i++) for (const c of CASES) timeOnce(c.args, { ...env, ...c.env });
  const times = CASES.map(() => [] as number[]);
  for (let run = 0; run < RUNS; run++) CASES.forEach((c, i) => times[i]!.push(timeOnce(c.args, { ...env, ...c.env })));
  return CASES.map((c, i) => ({ c, times: times[i]!.sort((a, b) => a - b) }));
}

const median = (sorted: number[]) => (sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2);
const ms = (n: number) => n.toFixed(1);

function table(results: { c: Case; times: number[] }[], load: number): string {
  const medians = new Map(results.map(({ c, times }) => [c.name, median(times)]));
  const rows = results.map(({ c, times }) => {
    const m = median(times);
    return `| \`${c.name.replace(/^dokku /, "")}\` | ${ms(m)} | ${ms(times[0]!)} | ${ms(times[times.length - 1]!)} | ${c.budget?.(m, medians) ?? "-"} |`;
  });
  const cpu = cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    `Median of ${RUNS} interleaved runs after ${WARMUP} warm-ups, \`${relative(ROOT, BIN)}\`, ${cpus().length} x ${cpu}, load average ${load.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| command | median ms | min ms | max ms | budget |",
    "| --- | ---: | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

function writeReadme(section: string): void {
  const text = existsSync(README) ? readFileSync(README, "utf8") : "";
  const start = text.indexOf(START);
  const end = text.indexOf(END);
  if (start < 0 || end < start) {
    process.stderr.write(`README.md has no ${START} ... ${END} section; not updated\n`);
    return;
  }
  writeFileSync(README, `${text.slice(0, start + START.length)}\n${section}\n${text.slice(end)}`);
  process.stdout.write("README.md updated\n");
}

if (!existsSync(BIN)) {
  process.stderr.write(`${BIN} not found: run \`npm run build\` first\n`);
  process.exitCode = 1;
} else {
  using host = setup();
  const load = loadavg()[0] ?? 0; // a shared machine's load shows in the spread; printed with the table
  const results = measureAll(host.env);
  const section = table(results, load);
  process.stdout.write(`${section}\n`);
  if (!argv.includes("--no-readme")) writeReadme(section);
}
