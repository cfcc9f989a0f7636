// A private ACME test server for tests: Debian's pebble (Let's Encrypt's test CA) with
// pebble-challtestsrv as its DNS, both on free loopback ports, stopped on dispose. Every name
// resolves to `resolveTo` (pebble's HTTP-01 validation then connects there on `httpPort`); no AAAA
// answer, so validation never wanders to ::1. Pebble's own TLS pair is made here with openssl
// (the Debian package ships no test certificates).
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { run } from "./host.ts";
import { freePort } from "./nginx.ts";

export interface Pebble extends AsyncDisposable {
  /** ACME directory URL (`https://localhost:PORT/dir`). */
  readonly directory: string;
  /** The CA that signed pebble's own TLS certificate (what an ACME client must trust). */
  readonly caFile: string;
  /** Pebble's current root, from its management API (`/roots/0`): what its issued certificates chain to. */
  root(): Promise<string>;
}

/** undefined when pebble and pebble-challtestsrv are installed, else the reason to skip. */
export function requirePebble(): string | undefined {
  const missing = ["pebble", "pebble-challtestsrv"].filter((name) => !["/usr/bin", "/usr/local/bin"].some((dir) => existsSync(join(dir, name))));
  if (missing.length === 0) return undefined;
  const reason = `${missing.join(" and ")} not installed (Debian's pebble package; scripts/ci-services.sh installs it)`;
  if (process.env.DOKKU_IT_REQUIRED === "1") throw new Error(`pebble is required (DOKKU_IT_REQUIRED=1) but ${reason}`);
  return reason;
}

/** Starts challtestsrv and pebble under `dir`; pebble validates HTTP-01 on `resolveTo:httpPort`. */
export async function startPebble(dir: string, options: { resolveTo: string; httpPort: number }): Promise<Pebble> {
  await mkdir(dir, { recursive: true });
  const caFile = await makeTlsPair(dir);
  const [acmePort, managementPort, tlsPort, dnsPort, dnsManagementPort] = [await freePort(), await freePort(), await freePort(), await freePort(), await freePort()];
  const config = join(dir, "pebble-config.json");
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: join(dir, "localhost.crt"),
        privateKey: join(dir, "localhost.key"),
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: "",
        externalAccountBindingRequired: false,
      },
    }),
  );
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((ok) => child.once("close", ok)) : undefined)));
  };
  try {
    children.push(
      daemon(join(dir, "challtestsrv.log"), "pebble-challtestsrv", [
        "-defaultIPv4", options.resolveTo, "-defaultIPv6", "",
        "-dns01", `127.0.0.1:${dnsPort}`, "-management", `127.0.0.1:${dnsManagementPort}`,
        "-http01", "", "-https01", "", "-tlsalpn01", "",
      ]),
    );
    await waitFor(`pebble-challtestsrv on ${dnsManagementPort}`, () => answers(["curl", "-sS", "-o", "/dev/null", `http://127.0.0.1:${dnsManagementPort}/`]));
    children.push(
      daemon(join(dir, "pebble.log"), "pebble", ["-config", config, "-dnsserver", `127.0.0.1:${dnsPort}`], {
        PEBBLE_VA_NOSLEEP: "1",
        PEBBLE_WFE_NONCEREJECT: "0",
        PEBBLE_AUTHZREUSE: "0", // every order validates over HTTP-01 again: renewals go through nginx too
      }),
    );
    const directory = `https://localhost:${acmePort}/dir`;
    await waitFor(`pebble on ${acmePort}`, () => answers(["curl", "-sSf", "--cacert", caFile, "-o", "/dev/null", directory]));
    return {
      directory,
      caFile,
      root: async () => {
        const r = await run(["curl", "-sSf", "--cacert", caFile, `https://localhost:${managementPort}/roots/0`]);
        if (r.code !== 0) throw new Error(`pebble /roots/0: ${r.stderr}`);
        return r.stdout;
      },
      [Symbol.asyncDispose]: stop,
    };
  } catch (error) {
    await stop();
    const logs = await Promise.all(["challtestsrv.log", "pebble.log"].map((f) => readFile(join(dir, f), "utf8").catch(() => "")));
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs.join("\n")}`);
  }
}

/** A throw-away CA and a `localhost` certificate it signed, for pebble's listeners; returns the CA file. */
async function makeTlsPair(dir: string): Promise<string> {
  const ca = join(dir, "ca");
  const steps: string[][] = [
    ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dokku test pebble CA", "-keyout", `${ca}.key`, "-out", `${ca}.crt`],
    ["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", join(dir, "localhost.key"), "-out", join(dir, "localhost.csr")],
    [
      "openssl", "x509", "-req", "-in", join(dir, "localhost.csr"), "-CA", `${ca}.crt`, "-CAkey", `${ca}.key`, "-CAcreateserial", "-days", "2",
      "-extfile", join(dir, "san.ext"), "-out", join(dir, "localhost.crt"),
    ],
  ];
  await writeFile(join(dir, "san.ext"), "subjectAltName=DNS:localhost,IP:127.0.0.1\n");
  for (const argv of steps) {
    const r = await run(argv);
    if (r.code !== 0) throw new Error(`${argv.slice(0, 3).join(" ")} failed: ${r.stderr}`);
  }
  return `${ca}.crt`;
}

function daemon(log: string, command: string, args: string[], env: Record<string, string> = {}): ChildProcess {
  const out = createWriteStream(log);
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.pipe(out, { end: false });
  child.stderr?.pipe(out, { end: false });
  child.once("close", () => out.end());
  return child;
}

async function answers(argv: string[]): Promise<boolean> {
  return (await run(argv)).code === 0;
}

async function waitFor(what: string, ready: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what} did not answer within ${timeoutMs} ms`);
}
