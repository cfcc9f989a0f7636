import type { ContainerCreateSpec, ImageBuildSpec } from "./commands.ts";
import type { Writable } from "../core/log.ts";
import type { ServiceInfo, ServiceSpec } from "./service-spec.ts";

export type { ContainerCreateSpec, ImageBuildSpec } from "./commands.ts";
export type { ServiceInfo, ServiceSpec } from "./service-spec.ts";

type Labels = Readonly<Record<string, string>>;
export type OutputLine = (line: string, stream: "stdout" | "stderr") => void;

/**
 * Docker in our own vocabulary, the only way the code reaches the daemon. Commands that take
 * user docker-options (container create, image build) run the docker CLI with argv from the pure
 * builders in commands.ts; queries, lifecycle calls and streams use the API. Both sides talk to
 * the endpoint of one environment snapshot (connection.ts). Expected absences are return values;
 * everything else throws a DokkuError.
 */
export interface DockerEngine {
  /** Throws a DokkuError saying why when no daemon answers. */
  ping(): Promise<void>;
  reachable(): Promise<boolean>;

  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  listImages(filter: { labels: Labels }): Promise<ImageSummary[]>;
  tagImage(source: string, target: string): Promise<"tagged" | "absent">;
  /** "in-use": a container or a child image still needs it (`force` does not override a running container). */
  removeImage(ref: string, options?: { force?: boolean }): Promise<"removed" | "absent" | "in-use">;
  /** `docker image build` (CLI: `.dockerignore` and docker-options are client-side features). */
  buildImage(spec: ImageBuildSpec, output: CliOutput): Promise<void>;
  /** Pulls over the API, one progress line per layer status. */
  pullImage(ref: string, output: CliOutput): Promise<void>;
  /** `docker image load` of the tarball on this process's stdin (CLI: it streams the fd as is). */
  loadImage(output: CliOutput): Promise<void>;
  /**
   * `docker image push` (CLI: credentials live in the CLI's config; `configDir` names another
   * one, an app's own `registry:login`).
   */
  pushImage(ref: string, output: CliOutput, options?: RegistryAuthOptions): Promise<void>;
  /** `docker login` with the password on stdin; stores the credential in the CLI's config (or `configDir`). */
  registryLogin(server: string, username: string, password: string, options?: RegistryAuthOptions): Promise<void>;
  /** `docker logout`: forgets the credential of `server`. */
  registryLogout(server: string, options?: RegistryAuthOptions): Promise<void>;
  /** Commits a container as `repo:tag` with Dockerfile `changes`; returns the image id. */
  commitContainer(id: string, options: CommitOptions): Promise<string>;

  /** `docker container create` (CLI: docker-options are CLI syntax); returns the container id. */
  createContainer(spec: ContainerCreateSpec, output: CliOutput): Promise<string>;
  startContainer(id: string): Promise<"started" | "already-running" | "absent">;
  /** SIGTERM, then SIGKILL after `timeoutSeconds` (default 10). */
  stopContainer(id: string, options?: { timeoutSeconds?: number }): Promise<"stopped" | "not-running" | "absent">;
  killContainer(id: string, options?: { signal?: string }): Promise<"killed" | "not-running" | "absent">;
  restartContainer(id: string, options?: { timeoutSeconds?: number }): Promise<"restarted" | "absent">;
  /** Removes the container and its anonymous volumes; `force` kills a running one first. */
  removeContainer(id: string, options?: { force?: boolean }): Promise<"removed" | "absent">;
  renameContainer(id: string, name: string): Promise<"renamed" | "absent">;
  /** `docker container update --restart=POLICY` (`no`, `always`, `unless-stopped`, `on-failure[:N]`). */
  updateRestartPolicy(id: string, policy: string): Promise<"updated" | "absent">;
  /** Waits until the container is not running; its exit code, or undefined when it does not exist. */
  waitContainer(id: string): Promise<number | undefined>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  /** Docker's own inspect document, as `docker container inspect` prints it (ps:inspect). */
  inspectContainerDocument(id: string): Promise<Record<string, unknown> | undefined>;
  /** One API call, no inspect per container. `all` (default true) includes stopped ones. */
  listContainers(filter: { labels: Labels; all?: boolean }): Promise<ContainerSummary[]>;
  /** Stdout/stderr lines of a container (all of them, or `tail`); with `follow`, until it stops. */
  containerLogs(id: string, options: LogOptions, onLine: OutputLine): Promise<"done" | "absent">;
  /** Runs a command in a running container; output is captured and, with `onLine`, streamed. */
  execInContainer(id: string, command: readonly string[], options?: ExecOptions): Promise<ExecOutcome | "not-running" | "absent">;
  /**
   * `docker container start --attach [--interactive]` on this process's own stdio (CLI: the API
   * has no terminal handling): output streams straight through, stdin only when interactive, and
   * a TTY container drives our terminal. The container's exit code, or docker's when it failed.
   */
  attachContainer(id: string, options?: AttachOptions): Promise<number>;
  /** `docker container exec [--interactive] [--tty]` on this process's own stdio, as attachContainer. */
  execAttached(id: string, command: readonly string[], options?: AttachOptions & { tty?: boolean }): Promise<number>;
  /** This engine's swarm membership (`docker info`'s Swarm section). */
  swarmState(): Promise<SwarmState>;
  /** `docker swarm init`: this engine becomes the first manager; returns its node id. */
  swarmInit(options: { advertiseAddr?: string }): Promise<string>;
  /** On a manager: the tokens other engines join with. */
  swarmJoinTokens(): Promise<{ worker: string; manager: string }>;
  /** `docker swarm join` of this engine to the managers at `host:port`. */
  swarmJoin(options: { managers: readonly string[]; token: string; advertiseAddr?: string }): Promise<void>;
  swarmLeave(options?: { force?: boolean }): Promise<"left" | "not-in-swarm">;
  /** On a manager: every node of the swarm. */
  listSwarmNodes(): Promise<SwarmNodeInfo[]>;
  /** On a manager: `docker node update --availability`. */
  setNodeAvailability(id: string, availability: "active" | "pause" | "drain"): Promise<"updated" | "absent">;
  /** On a manager: the tasks of a node or a service (every state Docker still keeps). */
  listSwarmTasks(filter?: { node?: string; service?: string }): Promise<SwarmTaskInfo[]>;
  /** On a manager: `docker node rm` (`force` for a node that is not down). */
  removeSwarmNode(id: string, options?: { force?: boolean }): Promise<"removed" | "absent">;
  /** On a manager: `docker service create`; returns the service id. */
  createService(spec: ServiceSpec): Promise<string>;
  inspectService(nameOrId: string): Promise<ServiceInfo | undefined>;
  /** `docker service update` to `spec` (`version` from inspect); `rollback` restores the previous spec instead. */
  updateService(id: string, version: number, spec: ServiceSpec, options?: { rollback?: boolean }): Promise<void>;
  removeService(nameOrId: string): Promise<"removed" | "absent">;
  listServices(filter: { labels: Labels }): Promise<ServiceInfo[]>;
  /** Stdout/stderr lines of one task's container, wherever in the swarm it ran (as containerLogs). */
  taskLogs(id: string, options: LogOptions, onLine: OutputLine): Promise<"done" | "absent">;
  /** Facts about the daemon itself. */
  info(): Promise<DaemonInfo>;

  inspectVolume(name: string): Promise<VolumeInfo | undefined>;
  createVolume(name: string, labels: Labels): Promise<void>;
  removeVolume(name: string, options?: { force?: boolean }): Promise<"removed" | "absent">;

  createNetwork(name: string, options: NetworkCreateOptions): Promise<"created" | "exists">;
  inspectNetwork(name: string): Promise<NetworkInfo | undefined>;
  /** Networks without their containers (the list API does not report them). */
  listNetworks(filter?: { labels?: Labels }): Promise<NetworkSummary[]>;
  connectNetwork(network: string, container: string, options?: { aliases?: readonly string[] }): Promise<"connected" | "already-connected" | "absent">;
  disconnectNetwork(network: string, container: string, options?: { force?: boolean }): Promise<"disconnected" | "not-connected" | "absent">;
  removeNetwork(name: string): Promise<"removed" | "absent">;
}

export interface SwarmState {
  /** Docker's LocalNodeState. */
  state: "inactive" | "pending" | "active" | "error" | "locked";
  nodeId: string;
  /** The address this node advertises (`NodeAddr`). */
  nodeAddr: string;
  /** True on a manager (`ControlAvailable`). */
  manager: boolean;
  clusterId: string;
  /** `host:port` of the managers this node knows. */
  managers: string[];
}

export interface SwarmNodeInfo {
  id: string;
  hostname: string;
  role: "manager" | "worker";
  /** `ready`, `down`, `unknown`, `disconnected`. */
  state: string;
  /** `active`, `pause`, `drain`. */
  availability: string;
  address: string;
  leader: boolean;
}

export interface SwarmTaskInfo {
  id: string;
  serviceId: string;
  nodeId: string;
  slot: number;
  /** What the orchestrator wants (`running`, `shutdown`...). */
  desiredState: string;
  /** Where the task is (`running`, `failed`, `rejected`, `complete`...). */
  state: string;
  /** The task's error, else its status message. */
  message: string;
  containerId: string;
  /** Host ports published in host mode for this task (target port -> published port). */
  ports: { target: number; published: number }[];
  /** RFC 3339: the last change of the task's status. */
  updatedAt: string;
  /** The container's exit code, when it exited. */
  exitCode: number | undefined;
}

/** Where the docker CLI keeps registry credentials for one call (DOCKER_CONFIG); default: the CLI's own. */
export interface RegistryAuthOptions {
  configDir?: string;
}

/** Attached calls: `interactive` hands our stdin to the container. */
export interface AttachOptions {
  interactive?: boolean;
}

export interface DaemonInfo {
  /** The default logging driver of new containers (`json-file`, `local`, `journald`...). */
  loggingDriver: string;
}

/** How a CLI-backed call reports: `echo` streams every line; otherwise output is kept for the error. */
export interface CliOutput {
  /** First line of the error when docker fails, e.g. "Failure extracting app code". */
  failure: string;
  echo?: { stdout: Writable; stderr: Writable };
}

export interface ImageSummary {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  /** Unix seconds. */
  created: number;
}

export interface ImageInfo extends Omit<ImageSummary, "created"> {
  env: string[];
  exposedPorts: string[];
  /** The image's CMD and ENTRYPOINT ([] when unset). */
  cmd: string[];
  entrypoint: string[];
  /** RFC 3339. */
  created: string;
}

export interface CommitOptions {
  repo: string;
  tag: string;
  /** Dockerfile instructions applied at commit (`ENV`, `LABEL`, `CMD`...). */
  changes?: string[];
}

export type ContainerState = "created" | "running" | "paused" | "restarting" | "removing" | "exited" | "dead";
/** Docker's healthcheck status; "none" when the container has no healthcheck. */
export type HealthStatus = "starting" | "healthy" | "unhealthy" | "none";

/** What the list API reports per container. */
export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  /** The command line as the list API shows it (`/exec sleep 15`). */
  command: string;
  state: ContainerState;
  health: HealthStatus;
  /** IP address on each network the container is attached to ("" while stopped). */
  networks: Record<string, { ip: string }>;
  /** Unix seconds. */
  created: number;
}

export interface ContainerInfo extends Omit<ContainerSummary, "networks" | "created" | "command"> {
  imageId: string;
  running: boolean;
  exitCode: number;
  /** RFC 3339, undefined when never started (and `finishedAt` when never stopped). */
  startedAt: string | undefined;
  finishedAt: string | undefined;
  restartCount: number;
  restartPolicy: string;
  tty: boolean;
  networks: Record<string, { ip: string; aliases: string[] }>;
  ports: Record<string, { hostIp: string; hostPort: string }[]>;
}

export interface LogOptions {
  follow?: boolean;
  /** Last N lines only. */
  tail?: number;
  since?: Date;
  /** Prefix each line with docker's RFC 3339 timestamp. */
  timestamps?: boolean;
  /** Ends a follow early (the call then resolves "done"). */
  signal?: AbortSignal;
}

export interface ExecOptions {
  /** Allocate a pseudo-TTY: one raw output stream (reported as stdout), CR LF line ends. */
  tty?: boolean;
  env?: Readonly<Record<string, string>>;
  user?: string;
  workdir?: string;
  onLine?: OutputLine;
}

export interface ExecOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

export interface VolumeInfo {
  name: string;
  labels: Record<string, string>;
}

export interface NetworkCreateOptions {
  labels: Labels;
  driver?: string;
  attachable?: boolean;
  internal?: boolean;
}

export interface NetworkSummary {
  id: string;
  name: string;
  driver: string;
  labels: Record<string, string>;
}

export interface NetworkInfo extends NetworkSummary {
  /** Attached containers by id: name and IPv4 address (without prefix length). */
  containers: Record<string, { name: string; ip: string }>;
}
