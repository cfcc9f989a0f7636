// Restore after a Docker daemon restart (DESIGN.md sections 3.3 and 7): 20 deployed apps, dockerd
// restarted for real, then `ps:restore` (what the boot unit runs); measured until every app answers
// again on the addresses in its IP files (what the proxy uses). The machine's dockerd is shared and
// never restarted: the apps run on a private daemon (tests/_harness/dockerd.ts), which needs root.
// Writes its table into README.md between the bench:restore markers.
// Run: npm run build && node_modules/.bin/bun run bench/restore.ts   (--apps N, --runs N, --no-readme)
import { cpus, loadavg } from "node:os";
import { privateDockerdAvailable, startPrivateDockerd } from "../tests/_harness/dockerd.ts";
import { HEROKUISH, answer, benchHost, deployFixture, dokku, median, stateFile, writeReadme } from "./_deploy.ts";

const argv = process.argv.slice(2);
const option = (name: string, fallback: number) => (argv.includes(name) ? Number(argv[argv.indexOf(name) + 1]) : fallback);
const APPS = option("--apps", 20);
const RUNS = option("--runs", 3);

/** Deploys `apps` a few at a time (each one is a real herokuish build). */
async function deployAll(host: ReturnType<typeof benchHost>, apps: string[]): Promise<void> {
  const queue = [...apps];
  const worker = async () => {
    for (let app = queue.shift(); app; app = queue.shift()) await deployFixture(host, app, "buildpack-procfile");
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
}

async function allAnswer(host: ReturnType<typeof benchHost>, apps: string[]): Promise<boolean> {
  const bodies = await Promise.all(apps.map((app) => answer(`http://${stateFile(host, app, "IP.web.1")}:${stateFile(host, app, "PORT.web.1") ?? "5000"}/`)));
  return bodies.every((b) => b === "buildpack-procfile\n");
}

async function main(): Promise<void> {
  if (!privateDockerdAvailable()) throw new Error("bench/restore needs root, dockerd and iproute2 (it runs a private daemon)");
  await using dockerd = await startPrivateDockerd([HEROKUISH]);
  using host = benchHost("dokku-bench-restore-", { DOCKER_HOST: dockerd.host });
  const apps = Array.from({ length: APPS }, (_, i) => `bench-restore-${String(i).padStart(2, "0")}`);
  await deployAll(host, apps);
  if (!(await allAnswer(host, apps))) throw new Error("the apps do not answer after their deploys");
  const rows: { restart: number; command: number; answering: number }[] = [];
  for (let run = 0; run < RUNS; run++) {
    const down = performance.now();
    await dockerd.restart();
    const up = performance.now();
    await dokku(host, "ps:restore");
    const restored = performance.now();
    const deadline = up + 300_000;
    while (!(await allAnswer(host, apps))) {
      if (performance.now() > deadline) throw new Error("the apps did not all answer within 5 minutes of the restart");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    rows.push({ restart: up - down, command: restored - up, answering: performance.now() - up });
    process.stdout.write(`run ${run + 1}: dockerd restart ${(up - down).toFixed(0)} ms, ps:restore ${(restored - up).toFixed(0)} ms, all answer ${(performance.now() - up).toFixed(0)} ms\n`);
  }
  const s = (key: keyof (typeof rows)[number]) => (median(rows.map((r) => r[key])) / 1000).toFixed(2);
  const table = [
    `**Restore after a dockerd restart** (\`bench/restore.ts\`): ${APPS} deployed apps (\`buildpack-procfile\`, one web container each)`,
    "on a private dockerd that is stopped and started again; then `ps:restore`, timed until every app answers on the",
    "address in its `IP.web.1` file (the proxy's upstream).",
    `Median of ${RUNS} restarts, ${cpus().length} x ${cpus()[0]?.model.trim() ?? "CPU"}, load average ${loadavg()[0]!.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| step | median s |",
    "| --- | ---: |",
    `| dockerd stop and start (not ours: the daemon) | ${s("restart")} |`,
    `| \`ps:restore\` (${APPS} apps) | ${s("command")} |`,
    `| from dockerd answering until all ${APPS} apps answer | ${s("answering")} |`,
  ].join("\n");
  process.stdout.write(`\n${table}\n`);
  for (const app of apps) await dokku(host, "apps:destroy", "--force", app).catch(() => undefined);
  if (!argv.includes("--no-readme")) writeReadme("restore", table);
}

await main();
