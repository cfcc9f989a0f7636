// Zero failed requests (DESIGN.md sections 3.4 and 7): a bounded request loop through nginx while
// a fixture app is redeployed 10 times and fails to deploy once; counts failed requests and the
// longest response. Writes README.md between the bench:zero-downtime markers.
// Run: npm run build && node_modules/.bin/bun bench/zero-downtime.ts [--mode deploy|switch] [--no-readme]
//   deploy: real `git push` deploys (needs the docker-local scheduler); the failing one fails its checks.
//   switch: the scheduler's steps done here with the docker CLI (new container, its check, the
//           recorded listeners, `proxy:build-config`, the old container removed); the failing one
//           never passes its check and is removed. Chosen when the scheduler is not there yet.
import { cp, readFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, RUN_LABEL, TEST_IMAGES, docker, ensureTestImages, newRunId, sweepDocker } from "../tests/_harness/docker.ts";
import { oldWorkersGone } from "../tests/_harness/nginx.ts";
import { commitFiles, makeRepo, push } from "../tests/e2e/git-fixtures.ts";
import { type ProxyWorld, type WebContainer, createProxyWorld, recordListeners, startWeb } from "../tests/integration/_proxy.ts";
import { writeReadme } from "./_deploy.ts";
import { type LoadResult, startLoad } from "./_load.ts";

const REDEPLOYS = 10;
const argv = process.argv.slice(2);
const APP = "zd";

/** A timestamped milestone on stderr, to line failed requests up with the deploys. */
function step(what: string): void {
  process.stderr.write(`${new Date().toISOString()} ${what}\n`);
}

function fail(message: string): never {
  throw new Error(message);
}

async function must(what: string, result: Promise<{ code: number; stdout?: string; stderr: string }>): Promise<void> {
  const r = await result;
  if (r.code !== 0) fail(`${what} failed (exit ${r.code}):\n${r.stderr}`);
}

/** A new container counts as passing its check once it answers GET / itself (bounded). */
async function passesCheck(c: WebContainer, attempts: number): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    const r = await fetch(`http://${c.ip}:5000/`, { signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
    if (r?.ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** One redeploy as the scheduler does it, around the proxy's traffic switch. */
async function switchDeploy(world: ProxyWorld, old: WebContainer, body: string): Promise<WebContainer> {
  const next = await startWeb(world, APP, body);
  if (!(await passesCheck(next, 100))) fail(`container for ${body} never answered`);
  await recordListeners(world, APP, [next]);
  await must("proxy:build-config", world.dokku(["proxy:build-config", APP]));
  await oldWorkersGone(world.nginx.pid);
  await docker(["rm", "-f", old.id]);
  return next;
}

/** A deploy whose new container never passes its check: removed, nothing switched. */
async function failingSwitchDeploy(world: ProxyWorld): Promise<void> {
  const r = await docker(["run", "-d", `--label=${RUN_LABEL}=${world.runId}`, TEST_IMAGES.herokuish, "sleep", "600"]);
  const id = r.stdout.trim();
  const ip = (await docker(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", id])).stdout.trim();
  if (await passesCheck({ id, ip }, 10)) fail("the failing deploy's container answered");
  await docker(["rm", "-f", id]);
}

async function runSwitch(world: ProxyWorld): Promise<{ load: LoadResult; deploys: number; failedDeploys: number }> {
  await must("apps:create", world.dokku(["apps:create", APP]));
  let current = await startWeb(world, APP, "v0");
  if (!(await passesCheck(current, 100))) fail("first container never answered");
  await recordListeners(world, APP, [current]);
  await must("proxy:build-config", world.dokku(["proxy:build-config", APP]));
  const load = startLoad({ port: world.nginx.httpPort, host: `${APP}.dokku.test` });
  for (let i = 1; i <= REDEPLOYS; i++) {
    current = await switchDeploy(world, current, `v${i}`);
    if (i === 5) await failingSwitchDeploy(world);
  }
  return { load: await load.stop(), deploys: REDEPLOYS, failedDeploys: 1 };
}

async function runDeploy(world: ProxyWorld): Promise<{ load: LoadResult; deploys: number; failedDeploys: number }> {
  const dir = join(world.host.root, "repo");
  await makeRepo(world.host, dir, { README: "zero-downtime\n" });
  await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
  await commitFiles(world.host, dir, {}, "deploy");
  await must("first push", push(world.host, dir, APP, "main"));
  await must("events:on", world.dokku(["events:on"]));
  const load = startLoad({ port: world.nginx.httpPort, host: `${APP}.dokku.test` });
  for (let i = 1; i <= REDEPLOYS; i++) {
    step(`redeploy ${i} starts`);
    await commitFiles(world.host, dir, { "version.txt": `${i}\n` }, `redeploy ${i}`);
    await must(`redeploy ${i}`, push(world.host, dir, APP, "main"));
    step(`redeploy ${i} done`);
    if (i === 5) {
      await commitFiles(world.host, dir, { CHECKS: "/ this-text-is-never-served\n" }, "failing checks");
      const r = await push(world.host, dir, APP, "main");
      if (r.code === 0) fail("the deploy with failing checks succeeded");
      await commitFiles(world.host, dir, { CHECKS: "" }, "checks fixed");
    }
  }
  const result = { load: await load.stop(), deploys: REDEPLOYS, failedDeploys: 1 };
  if (result.load.failed > 0) {
    // The triggers each deploy fired, second by second, to line the failures up with.
    const events = await readFile(join(world.host.root, "log", "events.log"), "utf8").catch(() => "");
    process.stderr.write(events);
  }
  return result;
}

async function main(): Promise<void> {
  await ensureTestImages();
  const runId = newRunId();
  const world = await createProxyWorld(runId);
  try {
    const hasScheduler = (await world.dokku(["scheduler-docker-local:report", "--help"])).code === 0;
    const asked = argv.includes("--mode") ? argv[argv.indexOf("--mode") + 1] : undefined;
    const mode = asked ?? (hasScheduler ? "deploy" : "switch");
    if (mode === "deploy" && !hasScheduler) fail("--mode deploy needs the docker-local scheduler (scheduler-docker-local:report is not a command)");
    if (!hasScheduler) process.stderr.write("NOTE: the docker-local scheduler is not there yet: the redeploys are the scheduler's steps done by this script\n");
    const started = Date.now();
    const { load, deploys, failedDeploys } = mode === "deploy" ? await runDeploy(world) : await runSwitch(world);
    for (const line of load.failureTimes) process.stderr.write(`failed request: ${line}\n`);
    const report = render(mode, load, deploys, failedDeploys, Date.now() - started);
    process.stdout.write(`${report}\n`);
    if (!argv.includes("--no-readme")) writeReadme("zero-downtime", report);
    if (load.failed > 0) process.exitCode = 1;
  } finally {
    await world[Symbol.asyncDispose]();
    await sweepDocker(runId, APP);
  }
}

function render(mode: string, load: LoadResult, deploys: number, failedDeploys: number, ms: number): string {
  const how = mode === "deploy" ? "real `git push` deploys through the docker-local scheduler" : "the scheduler's steps (new container, check, `proxy:build-config`, old container removed) run by the script";
  return [
    `**Zero-downtime redeploys** (\`bench/zero-downtime.ts\`, mode \`${mode}\`: ${how}).`,
    `4 request loops through nginx on 127.0.0.1 (a new connection per request), ${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| redeploys | failing deploys | requests | failed | longest response | p99 | duration |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${deploys} | ${failedDeploys} | ${load.requests} | ${load.failed}${load.failures.length ? ` (${load.failures.join(", ")})` : ""} | ${load.maxMs.toFixed(0)} ms | ${load.p99Ms.toFixed(0)} ms | ${(ms / 1000).toFixed(0)} s |`,
  ].join("\n");
}

await main();
