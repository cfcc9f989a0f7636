// Shared set-up for the checks integration suites: a temp host, run-scoped apps with a deployed
// app.json, and containers started from the offline herokuish test image, labelled as the
// docker-local scheduler labels an app's containers.
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { STOPPABLE_HTTPD, TEST_IMAGES, docker, ensureTestImages, newRunId, runLabelFlags, sweepDocker } from "../_harness/docker.ts";
import { type RunResult, type TestHost, createTestHost } from "../_harness/host.ts";

/**
 * A web server on port 5000 that prints `booting <name>` first. Pages: `/` (`hello from <name>`),
 * `/cgi-bin/env` (the request environment: HTTP_HOST, HTTP_X_FORWARDED_PROTO), `/cgi-bin/slow`
 * (answers after 5 s), `/cgi-bin/flaky` (`starting` on the first request, `ready` after),
 * `/cgi-bin/down` (HTTP 503), `/cgi-bin/moved` (a redirect to `/`), `/cgi-bin/away` (a redirect to
 * another host). The CGI scripts end header lines with a bare LF, as many do.
 */
export function webScript(name: string): string {
  const cgi = (file: string, body: string) => `printf '#!/bin/sh\\n${body}' > /www/cgi-bin/${file} && chmod +x /www/cgi-bin/${file}`;
  return [
    `echo booting ${name}`,
    "mkdir -p /www/cgi-bin",
    `echo hello from ${name} > /www/index.html`,
    cgi("env", "echo Content-Type: text/plain\\necho\\nenv\\n"),
    cgi("slow", "sleep 5\\necho Content-Type: text/plain\\necho\\necho slow\\n"),
    cgi("flaky", "echo Content-Type: text/plain\\necho\\nif [ -f /tmp/seen ]; then echo ready; else touch /tmp/seen; echo starting; fi\\n"),
    cgi("down", "echo Status: 503 Busy\\necho Content-Type: text/plain\\necho\\necho down\\n"),
    cgi("moved", "echo Status: 302 Found\\necho Location: /\\necho\\n"),
    cgi("away", "echo Status: 302 Found\\necho Location: http://elsewhere.example.test/\\necho\\n"),
    STOPPABLE_HTTPD,
  ].join(" && ");
}

export interface Started {
  id: string;
  ip: string;
}

export function ok(r: RunResult, what: string): RunResult {
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** One suite's world: `setUp()` in beforeAll, `tearDown()` in afterAll. */
export class ChecksWorld {
  readonly runId = newRunId();
  private count = 0;
  private current?: TestHost;

  get host(): TestHost {
    if (!this.current) throw new Error("ChecksWorld.setUp() has not run");
    return this.current;
  }

  async setUp(): Promise<void> {
    await ensureTestImages();
    this.current = await createTestHost();
    // Checks of these suites retry quickly unless they say otherwise.
    ok(await this.host.dokku(["checks:set", "--global", "wait", "1"]), "checks:set");
  }

  async tearDown(): Promise<void> {
    await sweepDocker(this.runId, `it-${this.runId}-`);
    await this.current?.[Symbol.asyncDispose]();
  }

  dokku(...argv: string[]): Promise<RunResult> {
    return this.host.dokku(argv);
  }

  /** A new app; `appJson` becomes its deployed app.json (where the app-json plugin keeps it). */
  async app(appJson?: unknown): Promise<string> {
    const app = `it-${this.runId}-ck${++this.count}`;
    ok(await this.dokku("apps:create", app), "apps:create");
    if (appJson !== undefined) {
      const dir = join(this.host.libRoot, "data", "app-json", app);
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, "app.json"), JSON.stringify(appJson));
    }
    return app;
  }

  /** Starts a container labelled as APP's TYPE.INDEX deploy container, running `script`. */
  async start(app: string, script: string, type = "web", index = 1): Promise<Started> {
    const labels = { "com.dokku.app-name": app, "com.dokku.process-type": type, "com.dokku.container-index": String(index), "com.dokku.container-type": "deploy" };
    const flags = Object.entries(labels).map(([k, v]) => `--label=${k}=${v}`);
    const r = ok(await docker(["container", "run", "-d", ...runLabelFlags(this.runId), ...flags, TEST_IMAGES.herokuish, "sh", "-c", script]), "docker run");
    const id = r.stdout.trim();
    const ip = (await docker(["container", "inspect", "-f", "{{.NetworkSettings.IPAddress}}", id])).stdout.trim();
    return { id, ip };
  }

  /** `plugin:trigger check-deploy APP CID TYPE PORT IP INDEX`, as the scheduler fires it. */
  check(app: string, c: Started, type = "web", port = "5000", index = "1"): Promise<RunResult> {
    return this.dokku("plugin:trigger", "check-deploy", app, c.id, type, port, c.ip, index);
  }
}
