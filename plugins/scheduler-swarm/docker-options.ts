// Pure: `docker container create` flags (what docker-options, storage, resource, logs and the
// builders add through docker-args-deploy / docker-args-process-deploy) mapped onto a Swarm
// service spec. A flag Swarm has no field for is refused with a clear message, never dropped.
import { UserError } from "../../src/core/errors.ts";
import type { ContainerSpec, Mount, ServiceSpec } from "../../src/docker/service-spec.ts";

/** What the flags set: container fields, task fields and env entries (`KEY=VALUE`, or `KEY` for a config key). */
export interface MappedOptions {
  container: Partial<ContainerSpec>;
  task: Pick<ServiceSpec["TaskTemplate"], "Resources" | "LogDriver" | "Networks">;
  env: string[];
}

/** Flags that take a value (long names, and the short forms docker knows). */
const VALUED = new Set([
  "env", "label", "user", "workdir", "hostname", "memory", "memory-reservation", "cpus", "log-driver", "log-opt", "volume",
  "network", "net", "dns", "dns-search", "dns-option", "add-host", "cap-add", "cap-drop", "sysctl", "group-add", "stop-signal",
  "stop-timeout", "tmpfs", "restart", "network-alias", "shm-size", "mount", "entrypoint", "ulimit", "publish", "expose", "name",
  "cpu-shares", "device", "pid", "ipc", "runtime", "security-opt", "env-file", "label-file", "link", "volumes-from", "gpus",
]);
const SHORT: Readonly<Record<string, string>> = { e: "env", l: "label", u: "user", w: "workdir", h: "hostname", m: "memory", v: "volume", p: "publish" };
/** Boolean flags Swarm can express; every other value-less flag is refused. */
const BOOLEAN = new Set(["init", "read-only"]);

/** Splits argv into `[name, value]` pairs (`--x=v`, `--x v`, `-x v`, `-xv`). */
export function parseFlags(argv: readonly string[]): [string, string | undefined][] {
  const out: [string, string | undefined][] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith("-") || word === "-" || word === "--") throw new UserError(`Unexpected docker option argument: ${word}`);
    let name: string;
    let value: string | undefined;
    if (word.startsWith("--")) {
      const eq = word.indexOf("=");
      name = eq < 0 ? word.slice(2) : word.slice(2, eq);
      value = eq < 0 ? undefined : word.slice(eq + 1);
    } else {
      name = SHORT[word[1]!] ?? word.slice(1);
      value = word.length > 2 && SHORT[word[1]!] ? word.slice(2).replace(/^=/, "") : undefined;
    }
    if (value === undefined && VALUED.has(name)) {
      if (i + 1 >= argv.length) throw new UserError(`Docker option --${name} needs a value`);
      value = argv[++i];
    }
    out.push([name, value]);
  }
  return out;
}

/** Docker's size suffixes (b, k, m, g) to bytes. */
export function parseBytes(text: string): number {
  const m = /^([0-9]+(?:\.[0-9]+)?)([bkmg]?)b?$/i.exec(text.trim());
  if (!m) throw new UserError(`Invalid size: ${text}`);
  const unit = { "": 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as "" | "b" | "k" | "m" | "g"];
  return Math.round(Number(m[1]) * unit);
}

/** `-v SRC:DST[:ro]`: a bind mount for an absolute SRC, else a named volume. */
export function parseVolume(text: string): Mount {
  const [source = "", target = "", mode = ""] = text.split(":");
  if (!target) throw new UserError(`Invalid volume: ${text} (expected SOURCE:TARGET[:ro])`);
  return { Type: source.startsWith("/") ? "bind" : "volume", Source: source, Target: target, ...(mode.split(",").includes("ro") ? { ReadOnly: true } : {}) };
}

/** Maps the flags; throws a UserError naming the first flag Swarm cannot express. */
export function mapDockerOptions(argv: readonly string[]): MappedOptions {
  const mapped: MappedOptions = { container: {}, task: {}, env: [] };
  const c = mapped.container;
  const list = <K extends keyof ContainerSpec>(key: K, value: string) => ((c[key] as string[] | undefined) ??= []).push(value);
  for (const [name, raw] of parseFlags(argv)) {
    const value = raw ?? "";
    if (raw === undefined && !BOOLEAN.has(name)) throw unsupported(name);
    switch (name) {
      case "env": mapped.env.push(value); break;
      case "label": { const eq = value.indexOf("="); (c.Labels ??= {})[eq < 0 ? value : value.slice(0, eq)] = eq < 0 ? "" : value.slice(eq + 1); break; }
      case "user": c.User = value; break;
      case "workdir": c.Dir = value; break;
      case "hostname": c.Hostname = value; break;
      case "init": c.Init = raw === undefined || raw === "true"; break;
      case "read-only": c.ReadOnly = raw === undefined || raw === "true"; break;
      case "stop-signal": c.StopSignal = value; break;
      case "stop-timeout": c.StopGracePeriod = seconds(value) * 1e9; break;
      case "volume": (c.Mounts ??= []).push(parseVolume(value)); break;
      case "tmpfs": (c.Mounts ??= []).push({ Type: "tmpfs", Target: value.split(":")[0]! }); break;
      case "add-host": list("Hosts", value.replace(":", " ").split(" ").reverse().join(" ")); break;
      case "dns": ((c.DNSConfig ??= {}).Nameservers ??= []).push(value); break;
      case "dns-search": ((c.DNSConfig ??= {}).Search ??= []).push(value); break;
      case "dns-option": ((c.DNSConfig ??= {}).Options ??= []).push(value); break;
      case "cap-add": list("CapabilityAdd", value); break;
      case "cap-drop": list("CapabilityDrop", value); break;
      case "group-add": list("Groups", value); break;
      case "sysctl": { const [key, rest] = keyValue(value, "sysctl"); (c.Sysctls ??= {})[key] = rest; break; }
      case "memory": ((mapped.task.Resources ??= {}).Limits ??= {}).MemoryBytes = parseBytes(value); break;
      case "memory-reservation": ((mapped.task.Resources ??= {}).Reservations ??= {}).MemoryBytes = parseBytes(value); break;
      case "cpus": ((mapped.task.Resources ??= {}).Limits ??= {}).NanoCPUs = nanoCpus(value); break;
      case "log-driver": (mapped.task.LogDriver ??= { Name: value }).Name = value; break;
      case "log-opt": { const [key, rest] = keyValue(value, "log option"); ((mapped.task.LogDriver ??= { Name: "" }).Options ??= {})[key] = rest; break; }
      case "network": case "net": if (value !== "bridge" && value !== "default") (mapped.task.Networks ??= []).push({ Target: value }); break;
      // dokku-compat: Swarm restarts failed tasks itself (restart condition any); docker-local's policy does not apply.
      case "restart": break;
      default: throw unsupported(name);
    }
  }
  if (mapped.task.LogDriver && !mapped.task.LogDriver.Name) mapped.task.LogDriver.Name = "json-file";
  return mapped;
}

function nanoCpus(text: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(text) || Number(text) === 0) throw new UserError(`Invalid number of CPUs: ${text}`);
  return Math.round(Number(text) * 1e9);
}

/** `KEY=VALUE` with a key, split at the first `=`. */
function keyValue(text: string, what: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw new UserError(`Invalid ${what}: ${text} (expected KEY=VALUE)`);
  return [text.slice(0, eq), text.slice(eq + 1)];
}

function seconds(text: string): number {
  if (!/^[0-9]+$/.test(text)) throw new UserError(`Invalid number of seconds: ${text}`);
  return Number(text);
}

function unsupported(name: string): UserError {
  return new UserError(`Docker option --${name} has no equivalent for Swarm services: remove it (docker-options:remove) or deploy with another scheduler`);
}
