/** Docker in our own vocabulary. Expected absences are return values, not exceptions. */
export interface DockerEngine {
  ping(): Promise<void>;
  inspectImage(ref: string): Promise<ImageInfo | undefined>;
  tagImage(source: string, target: string): Promise<void>;
  removeImage(ref: string, options?: { force?: boolean }): Promise<"removed" | "absent">;
  listImages(filter: { labels: Readonly<Record<string, string>> }): Promise<ImageInfo[]>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Waits for exit and returns the status code. */
  waitContainer(id: string): Promise<number>;
  /** Follows stdout+stderr of a container line by line until it exits. */
  followLogs(id: string, onLine: (line: string, stream: "stdout" | "stderr") => void): Promise<void>;
  /** Extracts a tar archive into `path` inside the container. */
  putArchive(id: string, path: string, tar: Uint8Array | NodeJS.ReadableStream): Promise<void>;
  commitContainer(id: string, options: CommitOptions): Promise<string>;
  inspectContainer(id: string): Promise<ContainerInfo | undefined>;
  listContainers(filter: { labels: Readonly<Record<string, string>>; all?: boolean }): Promise<ContainerInfo[]>;
  stopContainer(id: string, options?: { timeoutSeconds?: number }): Promise<"stopped" | "absent">;
  removeContainer(id: string, options?: { force?: boolean }): Promise<"removed" | "absent">;
  renameContainer(id: string, name: string): Promise<void>;
  /** Labels of a named volume, or undefined when it does not exist. */
  inspectVolume(name: string): Promise<{ name: string; labels: Record<string, string> } | undefined>;
  createVolume(name: string, labels: Readonly<Record<string, string>>): Promise<void>;
  removeVolume(name: string, options?: { force?: boolean }): Promise<"removed" | "absent">;
}

export interface ImageInfo {
  id: string;
  tags: string[];
  labels: Record<string, string>;
  env: string[];
  exposedPorts: string[];
  created: string;
}

export interface ContainerSpec {
  image: string;
  name?: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Readonly<Record<string, string>>;
  labels: Readonly<Record<string, string>>;
  workingDir?: string;
  user?: string;
  binds?: string[];
  /** container port ("5000/tcp") -> host port ("" for random) on 127.0.0.1 unless hostIp given. */
  ports?: Readonly<Record<string, { hostPort: string; hostIp?: string }>>;
  network?: string;
  restartPolicy?: string;
  openStdin?: boolean;
}

export interface CommitOptions {
  repo: string;
  tag: string;
  /** Dockerfile instructions applied at commit (`ENV`, `LABEL`, `CMD`...). */
  changes?: string[];
}

export interface ContainerInfo {
  id: string;
  name: string;
  image: string;
  labels: Record<string, string>;
  state: string;
  running: boolean;
  exitCode: number;
  ipAddress: string;
  ports: Record<string, { hostIp: string; hostPort: string }[]>;
}
