/** Property namespace of the git plugin (`LIB/config/git/<app|--global>/<key>`). */
export const GIT = "git";

export const GitProps = {
  archiveMaxFiles: "archive-max-files",
  archiveMaxSize: "archive-max-size",
  deployBranch: "deploy-branch",
  keepGitDir: "keep-git-dir",
  revEnvVar: "rev-env-var",
  sourceImage: "source-image",
} as const;

/** `git:set` keys and which of them take `--global` (reference 5.5). */
export const SETTABLE = {
  keys: Object.values(GitProps),
  global: [GitProps.archiveMaxFiles, GitProps.archiveMaxSize, GitProps.deployBranch, GitProps.keepGitDir],
} as const;

/** Keys that only make sense host-wide. */
export const GLOBAL_ONLY: readonly string[] = [GitProps.archiveMaxFiles, GitProps.archiveMaxSize];

export const DEFAULT_DEPLOY_BRANCH = "master";
export const DEFAULT_REV_ENV_VAR = "GIT_REV";
// dokku-compat: common/archive-functions defaults (1 GiB, 10000 entries).
export const DEFAULT_ARCHIVE_MAX_SIZE = 1073741824;
export const DEFAULT_ARCHIVE_MAX_FILES = 10000;

/** Author of commits made by `git:from-*` when none is given. */
export const DEFAULT_GIT_USER = "Dokku";
export const DEFAULT_GIT_EMAIL = "automated@dokku.sh";

/** The all-zero object id git sends for a deleted ref. */
export const ZERO_REV = /^0+$/;
