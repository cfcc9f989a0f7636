/**
 * Every trigger the core fires or handles, declared once, in the order a `git push` meets them
 * (reference 3.4 and 3.5). Core code fires triggers and registers handlers only through these
 * names, so a reader (or `grep`) can follow a push from git receive to the scheduler; external
 * executables keep receiving the same positional argv.
 *
 * Argument names follow Dokku's documentation. Conventions the trigger bus enforces:
 * - `NAME?` is optional, `...NAME` collects the rest; every other argument must be passed.
 * - `APP`, `OLD_APP` and `NEW_APP` must be valid app names (existence is the handler's call);
 *   `SCOPE` is an app name or `--global`. A name that could reach a path outside DOKKU_ROOT
 *   (`../x`) is refused before any handler runs.
 */

export interface TriggerSpec {
  /** Positional arguments in Dokku's order. */
  readonly args: readonly string[];
  /** What the trigger does, or what its stdout means for a query. */
  readonly doc: string;
  /** What the trigger reads on stdin, when it reads anything. */
  readonly stdin?: string;
  /**
   * Set when no core plugin handles the trigger: who answers it (community plugins only, or the
   * plugin of a later milestone). A unit test keeps this in step with the core handlers.
   */
  readonly unhandled?: string;
  /**
   * Plugins whose handlers must run before every other implementation, in this order. plugn
   * runs plugins in name order; these chains depend on running first whatever names later
   * plugins get, so the dependency is stated here rather than left to the alphabet.
   */
  readonly first?: readonly string[];
}

const later = (plugin: string) => `the ${plugin} plugin (later milestone)`;
const external = "community plugins only";

export const TRIGGERS = {
  // ---- plugin management ----------------------------------------------------------------------
  install: {
    args: [],
    doc: "Runs after plugin:install and at host setup: plugins migrate their state.",
    // common lays out the bash plugin API that community plugins' install triggers source.
    first: ["common"],
  },
  dependencies: { args: [], doc: "plugin:install-dependencies: plugins install their OS packages.", unhandled: external },
  update: { args: [], doc: "Runs after plugin:update.", unhandled: external },
  uninstall: { args: ["PLUGIN"], doc: "Runs before plugin:uninstall removes PLUGIN.", unhandled: external },

  // ---- authorization --------------------------------------------------------------------------
  "user-auth": {
    args: ["SSH_USER", "SSH_NAME", "...COMMAND"],
    doc: "Asked before every command with the full argv; a non-zero exit denies it.",
    unhandled: external,
  },
  "user-auth-app": {
    args: ["SSH_USER", "SSH_NAME", "...APPS"],
    doc: "Prints the subset of APPS the caller may see (apps:list).",
    unhandled: external,
  },

  // ---- apps lifecycle -------------------------------------------------------------------------
  "app-list": { args: ["FILTER?"], doc: "Prints the apps, one per line." },
  "app-exists": { args: ["APP"], doc: "Fails (exit 20) when APP does not exist." },
  "app-create": { args: ["APP"], doc: "Creates APP (apps:create)." },
  "app-destroy": { args: ["APP"], doc: "Destroys APP (apps:destroy --force)." },
  "app-maybe-create": { args: ["APP"], doc: "Creates APP on first push unless global apps disable-autocreation=true." },
  "post-create": { args: ["APP"], doc: "After apps:create: plugins create their per-app state (git repo, ENV, ...)." },
  "pre-delete": { args: ["APP", "IMAGE_TAG?"], doc: "Before apps:destroy removes anything (repo purges the build cache)." },
  "scheduler-stop": {
    args: ["SCHEDULER", "APP", "REMOVE_CONTAINERS?"],
    doc: "The app's scheduler stops its containers (ps:stop, apps:destroy with REMOVE_CONTAINERS=true).",
  },
  "scheduler-post-delete": {
    args: ["SCHEDULER", "APP", "IMAGE_TAG?"],
    doc: "apps:destroy: the scheduler removes what it owns for APP (containers, state).",
  },
  "post-delete": { args: ["APP", "IMAGE_TAG?"], doc: "After apps:destroy: plugins remove their per-app state and images." },
  "post-app-clone-setup": { args: ["OLD_APP", "NEW_APP"], doc: "apps:clone: plugins copy OLD_APP's state to NEW_APP." },
  "post-app-clone": { args: ["OLD_APP", "NEW_APP"], doc: "After apps:clone: NEW_APP is rebuilt and deployed." },
  "post-app-rename-setup": { args: ["OLD_APP", "NEW_APP"], doc: "apps:rename: plugins move OLD_APP's state to NEW_APP." },
  "post-app-rename": { args: ["OLD_APP", "NEW_APP"], doc: "After apps:rename: NEW_APP is rebuilt and deployed." },
  "deploy-source-set": {
    args: ["APP", "SOURCE_TYPE", "METADATA?"],
    doc: "Records how APP was last deployed (git-push, git-sync, docker-image, tar, tar.gz, zip) and its metadata.",
  },

  // ---- config ---------------------------------------------------------------------------------
  "config-get": { args: ["...ARGS"], doc: "`APP KEY` or `--global KEY`: prints the raw value (empty when unset)." },
  "config-get-global": { args: ["KEY"], doc: "Prints the raw global value of KEY." },
  "config-set": { args: ["...ARGS"], doc: "`[--no-restart] [--encoded] APP|--global KEY=VALUE...`, as config:set." },
  "config-unset": { args: ["...ARGS"], doc: "`[--global] [--restart] APP KEY...`, as config:unset without the restart by default." },
  "config-export": {
    args: ["TARGET", "GLOBAL", "MERGED", "FORMAT?"],
    doc: "Prints the variables of app TARGET, or the global ones when GLOBAL (TARGET then ignored); MERGED/GLOBAL are Go booleans; FORMAT exports, envfile, json, ...",
  },
  "config-migrate-env": { args: [], doc: "Rewrites every pre-0.38 ENV file now." },
  "post-config-update": {
    args: ["SCOPE", "ACTION", "...KEYS"],
    doc: "After the variables of SCOPE changed (ACTION set|unset|clear).",
    unhandled: external,
  },
  "app-restart": { args: ["APP"], doc: "Restarts APP's containers from the same image (config change)." },
  "ps-get-property": {
    args: ["APP", "PROPERTY"],
    doc: "Prints a ps property (deployed, restore, skip-deploy, ...).",
  },

  // ---- git receive ----------------------------------------------------------------------------
  "receive-branch": {
    args: ["APP", "REV", "REFNAME"],
    doc: "A push to a branch that is not the deploy branch.",
    unhandled: external,
  },
  "git-pre-pull": { args: ["APP"], doc: "Before git-upload-pack serves APP (output goes to stderr).", unhandled: external },
  "git-post-pull": { args: ["APP"], doc: "After git-upload-pack served APP (output goes to stderr).", unhandled: external },
  "receive-app": { args: ["APP", "REV?"], doc: "Builds APP from its repository at REV (default: the deploy branch head)." },
  "git-has-code": { args: ["APP", "BRANCH?"], doc: "Prints true when the branch (default: deploy branch) has a commit." },
  "git-revision": { args: ["APP"], doc: "Prints the deploy branch head." },
  "git-deploy-branch": { args: ["APP"], doc: "Prints the computed deploy branch." },
  "git-get-property": { args: ["APP", "KEY"], doc: "Prints a computed git property." },
  "git-from-directory": { args: ["APP", "DIR", "USER?", "EMAIL?"], doc: "Commits DIR into APP's repository, then builds." },
  "git-from-archive": { args: ["APP", "URL", "ARCHIVE_TYPE?", "USER?", "EMAIL?"], doc: "git:from-archive." },
  "git-from-image": { args: ["APP", "IMAGE", "BUILD_DIR?", "USER?", "EMAIL?"], doc: "git:from-image." },

  // ---- builds (records of one receive) ------------------------------------------------------------
  "builds-generate-id": { args: [], doc: "Prints a new build id." },
  "builds-record-start": {
    args: ["APP", "BUILD_ID", "PID", "SOURCE", "REV?", "WORKDIR?"],
    doc: "Writes the running build record.",
  },
  "builds-record-finalize": { args: ["APP", "BUILD_ID", "EXIT_CODE"], doc: "Marks the build record finished." },
  "builds-log-path": { args: ["APP", "BUILD_ID"], doc: "Prints the build's log file path." },
  "builds-follow": { args: ["APP", "BUILD_ID", "PID?"], doc: "Streams the build's log until it ends; fails with the build." },
  "post-build-cancel": { args: ["APP", "BUILD_ID"], doc: "After builds:cancel: remove what the canceled build left running." },

  // ---- source extraction and builder selection ----------------------------------------------------
  "core-post-extract": {
    args: ["APP", "WORKDIR", "REV"],
    doc: "Right after checkout: core plugins move build-dir, rename dockerfile-path, extract Procfile/app.json/CHECKS.",
    // builder moves `build-dir` into place before builder-dockerfile looks for `dockerfile-path` in it.
    first: ["builder"],
  },
  "post-extract": { args: ["APP", "WORKDIR", "REV"], doc: "User-modifiable source hook (buildpacks writes .buildpacks)." },
  "builder-detect": {
    args: ["APP", "WORKDIR"],
    doc: "Each builder prints its name when it applies; the first line wins.",
    // The selected builder (builder:set) must win over every detector.
    first: ["builder"],
  },
  "pre-receive-app": { args: ["APP", "BUILDER", "WORKDIR", "REV"], doc: "Last chance to modify the source.", unhandled: external },
  "builder-get-property": { args: ["APP", "KEY"], doc: "Prints a builder property (detected, ...)." },
  "builder-set-property": { args: ["APP", "KEY", "VALUE?"], doc: "Stores a builder property; an empty VALUE removes it." },

  // ---- build ------------------------------------------------------------------------------------
  "builder-build": {
    args: ["BUILDER", "APP", "WORKDIR"],
    doc: "Builds dokku/APP:latest with BUILDER.",
    // builder's handler is Dokku's pre-build docker cleanup: it must precede every builder.
    first: ["builder"],
  },
  "scheduler-docker-cleanup": {
    args: ["SCHEDULER", "APP", "FORCE_CLEANUP?"],
    doc: "Before a build: the scheduler removes exited containers and dangling images of APP.",
  },
  "pre-build": { args: ["BUILDER", "APP", "WORKDIR"], doc: "Before any build.", unhandled: external },
  "pre-build-buildpack": { args: ["APP", "WORKDIR"], doc: "Deprecated: before a herokuish build.", unhandled: external },
  "pre-build-dockerfile": { args: ["APP"], doc: "Deprecated: before a Dockerfile build.", unhandled: external },
  "post-build": { args: ["BUILDER", "APP", "WORKDIR"], doc: "After any build.", unhandled: external },
  "post-build-buildpack": { args: ["APP", "WORKDIR"], doc: "Deprecated: after a herokuish build.", unhandled: external },
  "post-build-dockerfile": { args: ["APP"], doc: "Deprecated: after a Dockerfile build.", unhandled: external },
  "buildpack-stack-name": { args: ["APP"], doc: "Prints the herokuish base image for APP." },
  "post-stack-set": { args: ["APP", "STACK"], doc: "After buildpacks:set-property stack.", unhandled: external },
  "builder-create-dokku-image": {
    args: ["BUILDER", "APP", "WORKDIR", "IMAGE"],
    doc: "herokuish: prepare the base image.",
    unhandled: external,
  },
  "builder-dokku-image": {
    args: ["BUILDER", "APP", "WORKDIR", "IMAGE"],
    doc: "herokuish: prints an image that replaces IMAGE.",
    unhandled: external,
  },
  "docker-args-build": {
    args: ["APP", "IMAGE_SOURCE_TYPE"],
    doc: "Prints extra docker flags for the build container / docker build.",
  },
  "docker-args-process-build": {
    args: ["APP", "IMAGE_SOURCE_TYPE"],
    doc: "Prints per-process extra docker flags for the build.",
  },
  "post-container-create": {
    args: ["TYPE", "CONTAINER_ID", "APP", "PHASE", "PROC_TYPE?"],
    doc: "After a container is created, before it starts (TYPE is `app`; PHASE build|deploy|run): network attach.",
  },
  "ports-configure": { args: ["APP"], doc: "Initialises APP's port settings before detection." },
  "ports-set-detected": { args: ["APP", "...PORT_MAPS"], doc: "The builder reports detected port mappings." },

  // ---- release and deploy -------------------------------------------------------------------------
  "release-and-deploy": { args: ["APP", "IMAGE_TAG?"], doc: "Releases dokku/APP:TAG, then deploys it unless skip-deploy." },
  "builder-release": { args: ["BUILDER", "APP", "IMAGE_TAG"], doc: "Builds the release-stage image." },
  "pre-release-builder": {
    args: ["BUILDER", "APP", "IMAGE"],
    doc: "Before the release image is built (app.json env, predeploy task).",
  },
  "pre-release-buildpack": { args: ["APP", "IMAGE_TAG"], doc: "Deprecated: before a herokuish release.", unhandled: external },
  "pre-release-dockerfile": { args: ["APP", "IMAGE_TAG"], doc: "Deprecated: before a Dockerfile release.", unhandled: external },
  "post-release-builder": {
    args: ["BUILDER", "APP", "IMAGE"],
    doc: "After the release image is built (release task, formation, scale reconciliation).",
  },
  "post-release-buildpack": { args: ["APP", "IMAGE_TAG"], doc: "Deprecated: after a herokuish release.", unhandled: external },
  "post-release-dockerfile": { args: ["APP", "IMAGE_TAG"], doc: "Deprecated: after a Dockerfile release.", unhandled: external },
  "scheduler-detect": { args: ["SCOPE?"], doc: "Prints the scheduler of SCOPE (default docker-local)." },
  "scheduler-deploy": {
    args: ["SCHEDULER", "APP", "IMAGE_TAG", "PROC_TYPE?"],
    doc: "Starts APP's containers from the release (the scheduler named SCHEDULER acts, others ignore it).",
  },
  "scheduler-is-deployed": { args: ["SCHEDULER", "APP"], doc: "Exit 0 when APP has been deployed by SCHEDULER." },
  "scheduler-app-status": { args: ["SCHEDULER", "APP"], doc: "Prints `<container count> <true|false|mixed>`." },
  "scheduler-uses-host-cron": { args: ["SCHEDULER", "APP?"], doc: "Prints true when SCHEDULER's tasks run from this host's crontab (docker-local)." },
  "docker-args-deploy": {
    args: ["APP", "IMAGE_TAG", "PROC_TYPE?", "CONTAINER_INDEX?"],
    doc: "Prints docker flags for a deploy container (config --env, docker-options, storage -v, ...).",
  },
  "docker-args-run": { args: ["APP", "IMAGE_TAG"], doc: "Prints docker flags for a one-off `run` container." },
  "domains-urls": { args: ["APP", "FORMAT?"], doc: "Prints APP's URLs (FORMAT url|urls)." },

  // ---- process types and formation (ps) ----------------------------------------------------------
  "procfile-exists": { args: ["APP"], doc: "Exit 0 when APP's deployed source had a Procfile." },
  "procfile-get-command": {
    args: ["APP", "PROC_TYPE", "PORT?"],
    doc: "Prints the Procfile command of PROC_TYPE with $PORT and config expanded.",
  },
  "ps-current-scale": { args: ["APP"], doc: "Prints the formation: `type=count` lines sorted by type." },
  "ps-set-scale": {
    args: ["APP", "SKIP_DEPLOY", "CLEAR_EXISTING", "...TYPE_COUNTS"],
    doc: "Sets the formation from `type=count` arguments (app.json formation).",
  },
  "ps-can-scale": { args: ["APP", "CAN_SCALE"], doc: "Allows or forbids ps:scale (false when app.json has a formation)." },
  "pre-start": { args: ["APP"], doc: "Before ps:start starts APP.", unhandled: external },
  "post-stop": { args: ["APP"], doc: "After ps:stop stopped APP (ps sets restore=false)." },
  "scheduler-pre-restore": { args: ["SCHEDULER"], doc: "At boot, before ps:restore brings apps back." },
  "pre-restore": { args: ["SCHEDULER"], doc: "Deprecated name of scheduler-pre-restore.", unhandled: external },

  // ---- deploy (scheduler-docker-local and friends) -------------------------------------------------
  deploy: { args: ["APP", "IMAGE_TAG?", "PROC_TYPE?"], doc: "Deploys the already released image (ps:restart, ps:scale, config change); no IMAGE_TAG: the current release." },
  "releases-prepare": {
    args: ["APP", "IMAGE_TAG", "ROLLBACK_OF?"],
    doc: "Ours: before a deploy, tags dokku/APP:IMAGE_TAG's image as the release it becomes and prints that tag, `release-N` (a new N when the image or the config digest changed, else the current one); nothing when the image does not exist. core-post-deploy with that tag records release N.",
  },
  "releases-current": { args: ["APP"], doc: "Ours: prints the current release's image tag (`release-N`); nothing before the first release." },
  "pre-deploy": { args: ["APP", "IMAGE_TAG"], doc: "Before the scheduler starts the new containers.", unhandled: external },
  "deployed-app-image-tag": { args: ["APP"], doc: "Prints the pushed tag (`tag-version`) replacing the release tag when push-on-release is on; nothing otherwise (registry)." },
  "deployed-app-image-repo": { args: ["APP"], doc: "Prints the image repository the app deploys from (`dokku/APP` unless image-repo or image-repo-template say otherwise) (registry)." },
  "deployed-app-repository": { args: ["APP"], doc: "Prints the registry server prefix (`host[:port]/`, empty for Docker Hub or none) (registry)." },
  "docker-args-process-deploy": {
    args: ["APP", "IMAGE_SOURCE_TYPE", "IMAGE_TAG", "PROC_TYPE", "CONTAINER_INDEX?"],
    doc: "Prints per-process docker flags for a deploy container (restart policy, resources, network, docker-options --process).",
  },
  "docker-args-process-run": {
    args: ["APP", "IMAGE_SOURCE_TYPE", "IMAGE_TAG"],
    doc: "Prints per-process docker flags for a one-off run container.",
  },
  "check-deploy": {
    args: ["APP", "CONTAINER_ID", "PROC_TYPE", "PORT", "IP", "CONTAINER_INDEX?"],
    doc: "Health checks of a new container; a non-zero exit fails the deploy.",
  },
  "checks-get-property": {
    args: ["APP", "KEY"],
    doc: "Ours: computed checks settings for the scheduler: `wait-to-retire` (seconds), `disabled` / `skipped` (comma lists of process types, or _all_; empty for none), and the check defaults `default-wait`, `attempts`, `timeout`, `wait`.",
  },
  "network-get-ipaddr": { args: ["APP", "PROC_TYPE", "CONTAINER_ID"], doc: "Prints the container's IP on the app's network." },
  "network-write-ipaddr": {
    args: ["APP", "PROC_TYPE", "CONTAINER_INDEX", "IP"],
    doc: "Records IP.PROC_TYPE.INDEX for the proxy.",
  },
  "network-write-port": {
    args: ["APP", "PROC_TYPE", "CONTAINER_INDEX", "PORT"],
    doc: "Records PORT.PROC_TYPE.INDEX for the proxy.",
  },
  "network-get-listeners": { args: ["APP", "PROC_TYPE"], doc: "Prints `ip:port` of every container of PROC_TYPE, space separated." },
  "network-get-property": { args: ["APP", "PROPERTY"], doc: "Prints a computed network property." },
  "network-listeners-published": {
    args: ["APP"],
    doc: "Prints true when APP's listeners are published host ports (swarm tasks): the proxy connects to each listener's own port, not the container port.",
  },
  "scheduler-post-deploy-process": { args: ["APP", "PROC_TYPE"], doc: "After one process type was rolled out.", unhandled: external },
  "scheduler-register-retired": {
    args: ["APP", "CONTAINER_ID", "WAIT?"],
    doc: "Schedules the container (and its image when unused) for removal after WAIT seconds.",
  },
  "core-post-deploy": {
    args: ["APP", "PORT", "IP", "IMAGE_TAG"],
    doc: "The traffic switch: proxy config from the new containers, container renames, state commits.",
  },
  "post-deploy": { args: ["APP", "PORT", "IP", "IMAGE_TAG"], doc: "After the traffic switch, before old containers stop (postdeploy task)." },
  "retire-container-failed": { args: ["APP", "CONTAINER_ID"], doc: "An old container could not be stopped.", unhandled: external },
  "scheduler-retire": { args: ["SCHEDULER", "APP?"], doc: "ps:retire: remove containers and images whose retirement time passed." },
  "scheduler-inspect": { args: ["SCHEDULER", "APP"], doc: "ps:inspect: docker inspect of the app's containers, secrets masked." },
  "app-json-get-content": { args: ["APP"], doc: "Prints the deployed app.json (or `{}`)." },

  // ---- cron (app.json tasks in the host crontab) ------------------------------------------------
  "scheduler-cron-write": {
    args: ["SCHEDULER?", "APP?"],
    doc: "Regenerates the scheduled tasks (the host crontab for host-cron schedulers); no arguments: always.",
  },
  "cron-write": {
    args: [],
    doc: "Regenerates the host crontab; plugins fire it after changing their cron-entries (dokku-letsencrypt's cron-job).",
  },
  "cron-entries": {
    args: ["SCHEDULER", "FORMAT?"],
    doc: "Prints extra crontab entries, `SCHEDULE;COMMAND[;LOGFILE]` lines (or JSON objects when FORMAT is json).",
  },
  "cron-get-property": { args: ["APP", "KEY"], doc: "Prints a cron property of APP (mailfrom, mailto, maintenance)." },
  "app-json-process-deploy-parallelism": { args: ["APP", "PROC_TYPE"], doc: "Prints formation.TYPE.max_parallel (default 1)." },
  "storage-list": { args: ["APP", "PHASE?", "FORMAT?"], doc: "Deprecated: prints APP's mounts of PHASE (default deploy) as host:container[:opts] lines or json." },

  // ---- one-off containers and logs ----------------------------------------------------------------
  "scheduler-run": { args: ["SCHEDULER", "APP", "ENV_COUNT", "...ENV_AND_COMMAND"], doc: "dokku run: ENV_COUNT `K=V`, [--], the command; options in DOKKU_DETACH_CONTAINER & co." },
  "scheduler-post-run": { args: ["SCHEDULER", "APP", "CONTAINER_ID"], doc: "After a one-off container ran (or started, detached).", unhandled: external },
  "scheduler-run-list": { args: ["SCHEDULER", "APP", "FORMAT?"], doc: "run:list (FORMAT stdout|json)." },
  "scheduler-run-logs": { args: ["SCHEDULER", "APP", "CONTAINER", "TAIL?", "QUIET?", "NUM?"], doc: "run:logs (CONTAINER empty for all; TAIL/QUIET booleans)." },
  "scheduler-run-stop": { args: ["SCHEDULER", "APP", "CONTAINER?"], doc: "run:stop: the named run container, or all of APP's." },
  "scheduler-run-retire": { args: ["SCHEDULER", "APP?"], doc: "run:retire, ps:retire: stops one-off containers past their deadline." },
  "scheduler-enter": { args: ["SCHEDULER", "APP", "...ARGS"], doc: "dokku enter: `[TYPE|TYPE.N|--container-id CID] [COMMAND...]`." },
  "scheduler-logs": { args: ["SCHEDULER", "APP", "PROC_TYPE", "TAIL", "QUIET", "NUM"], doc: "dokku logs (PROC_TYPE empty for all; TAIL/QUIET booleans; NUM 0 for all)." },
  "scheduler-logs-failed": { args: ["SCHEDULER", "APP"], doc: "logs:failed: output of APP's last failed deploy containers." },
  "logs-get-property": { args: ["APP", "PROPERTY"], doc: "Prints a computed logs property (max-size)." },

  // ---- proxy, ports, domains, certs ----------------------------------------------------------------
  "proxy-build-config": { args: ["APP"], doc: "Regenerates and reloads APP's proxy config from its live web containers." },
  "proxy-clear-config": { args: ["APP"], doc: "Removes APP's proxy config." },
  "proxy-enable": { args: ["APP"], doc: "proxy:enable." },
  "proxy-disable": { args: ["APP"], doc: "proxy:disable." },
  "proxy-type": { args: ["APP"], doc: "Prints the computed proxy type (nginx)." },
  "proxy-is-enabled": { args: ["APP"], doc: "Prints true|false." },
  "nginx-app-template-source": { args: ["APP", "TEMPLATE_TYPE"], doc: "Prints a template path replacing the built-in one.", unhandled: external },
  "nginx-hostname": { args: ["APP", "SUBDOMAIN", "VHOST"], doc: "Prints a hostname replacing APP.VHOST.", unhandled: external },
  "nginx-pre-reload": { args: ["APP", "PORT", "IP"], doc: "Just before nginx reloads.", unhandled: external },
  "ports-get": { args: ["APP", "FORMAT?"], doc: "Prints the effective port maps (stdout lines or json)." },
  "ports-get-available": { args: [], doc: "Prints a TCP port that is free on this host (letsencrypt's revoke listener)." },
  "ports-get-property": { args: ["APP", "PROPERTY"], doc: "Prints proxy-port / proxy-ssl-port." },
  "ports-clear": { args: ["APP"], doc: "Removes APP's port maps." },
  "post-proxy-ports-update": { args: ["APP", "ACTION"], doc: "After ports:add/set/remove/clear." },
  "domains-list": { args: ["APP"], doc: "Prints APP's domains." },
  "domains-vhost-enabled": { args: ["APP"], doc: "Prints true when APP has vhosts enabled." },
  "domains-add": { args: ["APP", "...DOMAINS"], doc: "Adds domains to APP." },
  "domains-disable": { args: ["APP", "RESTART?"], doc: "Disables vhosts for APP." },
  "pre-enable-vhost": { args: ["APP"], doc: "Before domains:enable.", unhandled: external },
  "pre-disable-vhost": { args: ["APP"], doc: "Before domains:disable.", unhandled: external },
  // ACTION is optional as plugn never checked it: dokku-letsencrypt's disable fires it with APP alone.
  "post-domains-update": { args: ["APP", "ACTION?", "...DOMAINS"], doc: "After APP's domains changed." },
  "app-urls": { args: ["APP", "FORMAT"], doc: "Prints URLs replacing the computed ones.", unhandled: external },
  "certs-exists": { args: ["APP"], doc: "Prints true when APP has a certificate." },
  "certs-force": { args: ["APP"], doc: "Prints true to force https maps (letsencrypt).", unhandled: external },
  "post-certs-update": { args: ["APP"], doc: "After certs:add/update/generate." },
  "post-certs-remove": { args: ["APP"], doc: "After certs:remove." },
  "scheduler-process-status": {
    args: ["SCHEDULER", "APP"],
    doc: "Ours: one `TYPE.N STATE CONTAINER_ID` line per container of the running release (ps:report's status rows).",
  },
  report: { args: ["APP"], doc: "dokku report APP: every plugin's report.", unhandled: later("report") },
} as const satisfies Readonly<Record<string, TriggerSpec>>;

export type TriggerName = keyof typeof TRIGGERS;

type ArgTuple<A extends readonly string[]> = A extends readonly []
  ? []
  : A extends readonly [infer H extends string, ...infer R extends readonly string[]]
    ? H extends `...${string}`
      ? string[]
      : H extends `${string}?`
        ? [(string | undefined)?, ...ArgTuple<R>]
        : [string, ...ArgTuple<R>]
    : string[];

/** The positional arguments of trigger N, as a tuple (optional ones may be undefined or left out). */
export type TriggerArgs<N extends TriggerName> = ArgTuple<(typeof TRIGGERS)[N]["args"]>;

export function isTriggerName(name: string): name is TriggerName {
  return Object.hasOwn(TRIGGERS, name);
}

export function triggerSpec(name: string): TriggerSpec | undefined {
  return isTriggerName(name) ? TRIGGERS[name] : undefined;
}
