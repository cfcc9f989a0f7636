/**
 * The part of Docker's swarm ServiceSpec document the swarm scheduler writes, in Docker's own
 * field names (the API takes it as is). Durations are nanoseconds, as in the API.
 */
export interface ServiceSpec {
  Name: string;
  Labels: Record<string, string>;
  TaskTemplate: {
    ContainerSpec: ContainerSpec;
    Resources?: { Limits?: ResourceSet; Reservations?: ResourceSet };
    RestartPolicy?: { Condition: "none" | "on-failure" | "any"; Delay?: number; MaxAttempts?: number };
    Placement?: { Constraints?: string[]; MaxReplicas?: number };
    LogDriver?: { Name: string; Options?: Record<string, string> };
    Networks?: { Target: string; Aliases?: string[] }[];
    /** Changed to make Swarm replace every task with the same spec (ps:restart). */
    ForceUpdate?: number;
  };
  Mode: { Replicated: { Replicas: number } };
  UpdateConfig: UpdatePolicy;
  RollbackConfig: UpdatePolicy;
  EndpointSpec: { Mode: "vip" | "dnsrr"; Ports: PortConfig[] };
}

export interface ContainerSpec {
  Image: string;
  Labels: Record<string, string>;
  Command?: string[];
  Args?: string[];
  Env: string[];
  User?: string;
  Dir?: string;
  Hostname?: string;
  Init?: boolean;
  ReadOnly?: boolean;
  StopSignal?: string;
  StopGracePeriod?: number;
  Mounts?: Mount[];
  Hosts?: string[];
  DNSConfig?: { Nameservers?: string[]; Search?: string[]; Options?: string[] };
  CapabilityAdd?: string[];
  CapabilityDrop?: string[];
  Sysctls?: Record<string, string>;
  Groups?: string[];
  HealthCheck?: HealthConfig;
}

export interface ResourceSet {
  NanoCPUs?: number;
  MemoryBytes?: number;
}

export interface Mount {
  Type: "bind" | "volume" | "tmpfs";
  Source?: string;
  Target: string;
  ReadOnly?: boolean;
}

export interface HealthConfig {
  Test: string[];
  Interval?: number;
  Timeout?: number;
  Retries?: number;
  StartPeriod?: number;
}

export interface UpdatePolicy {
  Parallelism: number;
  Delay?: number;
  FailureAction: "pause" | "continue" | "rollback";
  Monitor?: number;
  MaxFailureRatio?: number;
  Order: "stop-first" | "start-first";
}

export interface PortConfig {
  Protocol: "tcp" | "udp";
  TargetPort: number;
  /** Unset: Docker picks a free host port per task (host mode). */
  PublishedPort?: number;
  PublishMode: "ingress" | "host";
}

/** A service as the manager reports it. */
export interface ServiceInfo {
  id: string;
  name: string;
  /** The spec version an update must name. */
  version: number;
  labels: Record<string, string>;
  spec: ServiceSpec;
  /** Docker's UpdateStatus.State (`updating`, `completed`, `rollback_completed`, `paused`...), "" when never updated. */
  updateState: string;
  updateMessage: string;
  /** RFC 3339 start of the last update ("" when never updated): tells one update from the next. */
  updateStartedAt: string;
}
