/** Property namespace of the registry plugin (`LIB/config/registry/<app|--global>/<key>`). */
export const REGISTRY = "registry";

export const RegistryProps = {
  server: "server",
  imageRepo: "image-repo",
  imageRepoTemplate: "image-repo-template",
  pushOnRelease: "push-on-release",
  pushExtraTags: "push-extra-tags",
  /** Internal: the last pushed release number, the tag deploys use (not settable). */
  tagVersion: "tag-version",
} as const;

/** Dokku 0.38: every key but `image-repo` may also be set with `--global`. */
export const SETTABLE = {
  keys: [RegistryProps.imageRepo, RegistryProps.imageRepoTemplate, RegistryProps.pushExtraTags, RegistryProps.pushOnRelease, RegistryProps.server],
  global: [RegistryProps.imageRepoTemplate, RegistryProps.pushExtraTags, RegistryProps.pushOnRelease, RegistryProps.server],
} as const;

/** The image repository an app has without registry settings (builders tag `dokku/APP`). */
export function localImageRepo(app: string): string {
  return `dokku/${app}`;
}

/** An app's own registry credentials: the docker CLI config written by `registry:login APP`. */
export const CREDENTIALS_FILE = "config.json";
