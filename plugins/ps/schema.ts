/** Property namespace of the ps plugin (`LIB/config/ps/<APP|--global>/<key>`). */
export const PS = "ps";

export const PsProps = {
  restartPolicy: "restart-policy",
  stopTimeoutSeconds: "stop-timeout-seconds",
  procfilePath: "procfile-path",
  skipDeploy: "skip-deploy",
  startCmd: "start-cmd",
  dockerfileStartCmd: "dockerfile-start-cmd",
  restore: "restore",
  canScale: "can-scale",
  /** List property: `type=count` lines. */
  scale: "scale",
  /** List property: types dropped from the Procfile, kept at 0 until the next deploy commits. */
  scaleOld: "scale.old",
} as const;

/** Dokku keeps `deployed` in the shared `common` namespace (community plugins read it there). */
export const COMMON = "common";
export const DEPLOYED = "deployed";

export const SETTABLE = {
  keys: [PsProps.dockerfileStartCmd, PsProps.procfilePath, PsProps.restartPolicy, PsProps.skipDeploy, PsProps.startCmd, PsProps.stopTimeoutSeconds],
  global: [PsProps.procfilePath, PsProps.restartPolicy, PsProps.skipDeploy, PsProps.stopTimeoutSeconds, PsProps.startCmd],
} as const;

export const DEFAULTS = {
  restartPolicy: "on-failure:10",
  stopTimeoutSeconds: "30",
  procfilePath: "Procfile",
} as const;

/** `no`, `always`, `unless-stopped`, `on-failure`, `on-failure:N` (reference 7.6). */
export function isValidRestartPolicy(value: string): boolean {
  return /^(no|always|unless-stopped|on-failure(:[0-9]+)?)$/.test(value);
}
