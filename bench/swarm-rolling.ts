// Rolling updates on a two-node swarm (issue 12): a bounded request loop through nginx while a
// 2-replica web service spread over both engines of the test world (tests/_harness/swarm.ts) is
// redeployed 5 times with real builds (`git:from-archive`, push-on-release to the world's
// registry); counts failed requests and times each deploy from the push until the new release
// answers, on both nodes. Writes README.md between the bench:swarm-rolling markers.
// Run (root, after npm run build): node_modules/.bin/bun bench/swarm-rolling.ts [--no-readme]
import { cp, mkdir, readFile, writeFile } from "node:fs/promises";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { FIXTURE_APPS_DIR, TEST_IMAGES, ensureTestImages } from "../tests/_harness/docker.ts";
import { type TestHost, createTestHost, run } from "../tests/_harness/host.ts";
import { request } from "../tests/_harness/nginx.ts";
import { startSwarmWorld } from "../tests/_harness/swarm.ts";
import { attachNginx } from "../tests/integration/_proxy.ts";
import { writeReadme } from "./_deploy.ts";
import { startLoad } from "./_load.ts";

const UPDATES = 5;
const APP = "roll";
const VHOST = `${APP}.dokku.test`;

function step(what: string): void {
  process.stderr.write(`${new Date().toISOString()} ${what}\n`);
}

async function must(host: TestHost, ...args: string[]): Promise<void> {
  const r = await host.dokku(args);
  if (r.code !== 0) throw new Error(`dokku ${args.join(" ")} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
}

/** buildpack-procfile answering `body`, as a tarball for git:from-archive. */
async function source(host: TestHost, body: string): Promise<string> {
  const dir = join(host.root, "work", body);
  await mkdir(dir, { recursive: true });
  await cp(join(FIXTURE_APPS_DIR, "buildpack-procfile"), dir, { recursive: true });
  const web = await readFile(join(dir, "web.sh"), "utf8");
  await writeFile(join(dir, "web.sh"), web.replace('echo "buildpack-procfile"', `echo "${body}"`), { mode: 0o755 });
  const r = await run(["tar", "-C", dir, "-cf", `${dir}.tar`, "."]);
  if (r.code !== 0) throw new Error(r.stderr);
  return `${dir}.tar`;
}

async function main(): Promise<void> {
  await ensureTestImages();
  await using world = await startSwarmWorld({ form: false });
  await world.loadImages([TEST_IMAGES.herokuish]);
  await using host = await createTestHost("dokku-swarm-bench-");
  Object.assign(host.env, { DOCKER_HOST: world.manager.host, DOKKU_IMAGE: TEST_IMAGES.herokuish, DOCKER_CONFIG: join(host.root, "docker-config") });
  await using nginx = await attachNginx(host);
  await must(host, "scheduler-swarm:initialize", "--advertise-addr", world.manager.address);
  await must(host, "scheduler-swarm:cluster:add", world.worker.host);
  await must(host, "apps:create", APP);
  await must(host, "scheduler:set", APP, "selected", "swarm");
  await must(host, "registry:set", APP, "server", world.registry.address);
  await must(host, "registry:set", APP, "push-on-release", "true");
  await must(host, "ps:scale", APP, "web=2");
  step("first deploy");
  await must(host, "git:from-archive", APP, await source(host, "v0"));

  const load = startLoad({ port: nginx.httpPort, host: VHOST, workers: 2, maxMs: 20 * 60_000 });
  const times: number[] = [];
  const started = Date.now();
  for (let i = 1; i <= UPDATES; i++) {
    const archive = await source(host, `v${i}`);
    step(`update ${i} starts`);
    const t0 = performance.now();
    await must(host, "git:from-archive", APP, archive);
    // The deploy returns once Swarm finished the update and nginx knows the new tasks.
    const answer = await request(`http://127.0.0.1:${nginx.httpPort}/`, { host: VHOST });
    if (answer.body.trim() !== `v${i}`) throw new Error(`update ${i}: nginx answered ${answer.status} ${answer.body}`);
    times.push((performance.now() - t0) / 1000);
    step(`update ${i} serving after ${times.at(-1)!.toFixed(1)} s`);
  }
  const result = await load.stop();
  const nodes = (await world.manager.docker(["service", "ps", `${APP}-web`, "--filter", "desired-state=running", "--format", "{{.Node}}"])).stdout.trim().split("\n");
  const sorted = [...times].sort((a, b) => a - b);
  const section = [
    `**Rolling updates on a two-node swarm** (\`bench/swarm-rolling.ts\`): ${UPDATES} redeploys (build, push to the local registry, start-first`,
    `rolling update) of a 2-replica web service; 2 request loops through nginx on 127.0.0.1 (a new connection per request).`,
    `${cpus().length} CPUs, load average ${loadavg()[0]!.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}; tasks ended on ${new Set(nodes).size} node(s).`,
    "",
    "| updates | requests | failed | longest response | p99 | push to serving: median | max |",
    "|---:|---:|---:|---:|---:|---:|---:|",
    `| ${UPDATES} | ${result.requests} | ${result.failed} | ${result.maxMs.toFixed(0)} ms | ${result.p99Ms.toFixed(0)} ms | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} s | ${sorted.at(-1)!.toFixed(1)} s |`,
  ].join("\n");
  process.stdout.write(`${section}\n${result.failures.length > 0 ? `failures: ${result.failureTimes.join("; ")}\n` : ""}total ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (process.argv.includes("--no-readme")) return;
  writeReadme("swarm-rolling", section);
}

await main();
