// Deploy overhead (DESIGN.md section 7): redeploying an already-built image whose checks pass at
// once (`ps:restart`: new container created, started, checked, state and traffic switched, the old
// container stopped and removed) against the same steps done with bare docker and nginx commands in
// the same run (create, start, wait for the port, `nginx -t` of the switched config, stop and remove
// the previous one). Budget: within 1.3x (DESIGN.md section 7).
// Both sides wait for the port with the same check script; the dokku side is timed until its old
// container is gone (the retirement runs detached, right after the switch with wait-to-retire 0).
// Writes its table into README.md between the bench:deploy-overhead markers.
// Run: npm run build && node_modules/.bin/bun run bench/deploy-overhead.ts   (--runs N, --no-readme)
import { cpus, loadavg } from "node:os";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { run } from "../tests/_harness/host.ts";
import { BIN, benchHost, containerExists, deployFixture, dokku, median, stateFile, writeReadme } from "./_deploy.ts";

const argv = process.argv.slice(2);
const RUNS = argv.includes("--runs") ? Number(argv[argv.indexOf("--runs") + 1]) : 7;
const APP = "bench-deploy";
const BARE_LABEL = "com.dokku.bench=deploy-overhead";

async function docker(...args: string[]): Promise<string> {
  const r = await run(["docker", ...args], { env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/root" } });
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}: ${r.stderr}`);
  return r.stdout.trim();
}

async function waitGone(id: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (await containerExists(id)) {
    if (Date.now() > deadline) throw new Error(`container ${id} was not retired within 60 s`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** How long the last redeploy's old container outlived the `ps:restart` command (the detached retirement). */
let lastRetireMs = 0;

/** ps:restart, until the replaced container no longer exists. */
async function dokkuRedeploy(host: ReturnType<typeof benchHost>): Promise<number> {
  const old = stateFile(host, APP, "CONTAINER.web.1")!;
  const start = performance.now();
  await dokku(host, "ps:restart", APP);
  const restarted = performance.now();
  await waitGone(old);
  lastRetireMs = performance.now() - restarted;
  return performance.now() - start;
}

/** The same redeploy with the docker CLI: the new container up and answering, then the old one gone. */
async function bareRedeploy(previous: string | undefined, n: number, portCheck: string, root: string): Promise<{ ms: number; id: string }> {
  const start = performance.now();
  const id = await docker(
    "container", "create", `--name=bench-bare-${process.pid}-${n}`, `--label=${BARE_LABEL}`, "--label=com.dokku.app-name=bench-bare",
    "--env=USER=herokuishuser", "--env=DYNO=web.1", "--init", "--restart=on-failure:10", "--env=PORT=5000", `dokku/${APP}:latest`, "/start", "web",
  );
  await docker("container", "start", id);
  const ip = await docker("container", "inspect", "--format", "{{.NetworkSettings.IPAddress}}", id);
  const checked = await run([portCheck, ip, "5000"]);
  if (checked.code !== 0) throw new Error("bare container never opened its port");
  // The traffic switch: the app's server block pointed at the new container, checked with `nginx -t`
  // as dokku checks it (the bench host's nginx is not running, so neither side reloads one).
  const conf = join(root, "bare-nginx.conf");
  writeFileSync(conf, `pid ${root}/bare-nginx.pid;\nerror_log ${root}/bare-nginx.err;\nevents {}\nhttp {\n  access_log off;\n  upstream bare-5000 { server ${ip}:5000; }\n  server { listen 127.0.0.1:8080; server_name bare.test; location / { proxy_pass http://bare-5000; } }\n}\n`);
  const tested = await run(["nginx", "-q", "-t", "-e", join(root, "bare-nginx.err"), "-c", conf]);
  if (tested.code !== 0) throw new Error(`nginx -t failed: ${tested.stderr}`);
  if (previous) {
    await docker("container", "stop", "--time=30", previous);
    await docker("container", "rm", previous);
  }
  return { ms: performance.now() - start, id };
}

async function main(): Promise<void> {
  using host = benchHost("dokku-bench-deploy-");
  const portCheck = join(host.root, "port-check");
  const dokkuTimes: number[] = [];
  const bareTimes: number[] = [];
  let bare: string | undefined;
  try {
    await deployFixture(host, APP, "buildpack-procfile");
    // One warm-up each, then interleaved runs so load changes on a shared machine hit both alike.
    await dokkuRedeploy(host);
    bare = (await bareRedeploy(bare, 0, portCheck, host.root)).id;
    for (let i = 1; i <= RUNS; i++) {
      dokkuTimes.push(await dokkuRedeploy(host));
      const next = await bareRedeploy(bare, i, portCheck, host.root);
      bare = next.id;
      bareTimes.push(next.ms);
      process.stdout.write(`run ${i}: dokku ${dokkuTimes.at(-1)!.toFixed(0)} ms (old container gone ${lastRetireMs.toFixed(0)} ms after the command), bare ${next.ms.toFixed(0)} ms\n`);
    }
  } finally {
    await run([BIN, "apps:destroy", "--force", APP], { env: host.env });
    const left = (await run(["docker", "ps", "-aq", "--filter", `label=${BARE_LABEL}`])).stdout.split("\n").filter(Boolean);
    if (left.length > 0) await run(["docker", "rm", "-f", ...left]);
  }
  const [d, b] = [median(dokkuTimes), median(bareTimes)];
  const ratio = d / b;
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const table = [
    "**Deploy overhead** (`bench/deploy-overhead.ts`): redeploy of an already-built herokuish image (`buildpack-procfile`, one web",
    "container) whose check passes as soon as its port answers, against the same steps with bare docker and nginx commands.",
    `Median of ${RUNS} interleaved runs after a warm-up, ${cpus().length} x ${cpus()[0]?.model.trim() ?? "CPU"}, load average ${loadavg()[0]!.toFixed(2)}, ${new Date().toISOString().slice(0, 10)}.`,
    "",
    "| path | median s | min s | max s |",
    "| --- | ---: | ---: | ---: |",
    `| \`dokku ps:restart\` until the old container is removed | ${seconds(d)} | ${seconds(Math.min(...dokkuTimes))} | ${seconds(Math.max(...dokkuTimes))} |`,
    `| bare \`docker\` and \`nginx\`: create, start, wait for the port, \`nginx -t\` of the switched config, stop and remove the old one | ${seconds(b)} | ${seconds(Math.min(...bareTimes))} | ${seconds(Math.max(...bareTimes))} |`,
    "",
    `Ratio ${ratio.toFixed(2)}x: ${ratio <= 1.3 ? "ok" : "**MISSED**"} (budget 1.3x). No fixed sleep on the deploy path: checks poll the port, retirement starts right after the switch.`,
  ].join("\n");
  process.stdout.write(`\n${table}\n`);
  if (!argv.includes("--no-readme")) writeReadme("deploy-overhead", table);
}

await main();
