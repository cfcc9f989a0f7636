// Pure rules of the registry plugin: server and repository names, templates, tags, input checks.

/**
 * The computed server prefix (Dokku's documented rule): empty stays empty, Docker Hub's names
 * become empty (the implicit registry), anything else ends with exactly one `/`.
 */
export function computedServer(value: string): string {
  const trimmed = value.trim();
  if (trimmed === "") return "";
  const server = `${trimmed.replace(/\/+$/, "")}/`;
  return server === "hub.docker.com/" || server === "docker.io/" ? "" : server;
}

/** The name `docker login` and the credential store use for a server (Docker Hub is `docker.io`). */
export function loginServer(server: string): string {
  const bare = server.trim().replace(/\/+$/, "");
  return bare === "hub.docker.com" || bare === "docker.com" ? "docker.io" : bare;
}

const APP_NAME_FIELD = /\{\{-?\s*\.AppName\s*-?\}\}/g;

/**
 * Renders `image-repo-template` for an app.
 * dokku-compat: Dokku runs a full Go template with `.AppName`; this supports that one field, which
 * is all the documented variable set offers, and refuses any other action instead of guessing.
 */
export function renderRepoTemplate(template: string, app: string): string {
  const rendered = template.replace(APP_NAME_FIELD, app);
  if (rendered.includes("{{")) throw new Error(`unsupported template action in "${template}" (only {{ .AppName }} is available)`);
  return rendered.trim();
}

/** `push-extra-tags`: a comma-separated list; blanks dropped. */
export function parseExtraTags(value: string): string[] {
  return value.split(",").map((tag) => tag.trim()).filter(Boolean);
}

/** `SERVER/REPO:TAG` as docker names it (`SERVER` already carries its trailing `/`, or is empty). */
export function remoteImage(server: string, repo: string, tag: string): string {
  return `${server}${repo}:${tag}`;
}

/** The next `tag-version`: 1 for the first push. */
export function nextTagVersion(current: string | undefined): number {
  const text = (current ?? "").trim();
  if (text === "") return 1;
  if (!/^\d+$/.test(text)) throw new Error(`Unable to convert existing tag version (${text}) to integer`);
  return Number(text) + 1;
}

// Docker's reference grammar: path components of lowercase alphanumerics joined by separators.
const REPO_COMPONENT = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const SERVER = /^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?(\/[a-z0-9._-]+)*\/?$/;

/**
 * Why a `registry:set` value would make a broken image name, or undefined when it is fine.
 * dokku-compat: Dokku stores any value and fails at the next push; here bad names are refused
 * when set, so a release never fails on them.
 */
export function invalidValue(key: string, value: string): string | undefined {
  switch (key) {
    case "server":
      return SERVER.test(value) ? undefined : `Invalid registry server "${value}": expected a host name with an optional :port and path, without a scheme`;
    case "image-repo":
      return value.split("/").every((part) => REPO_COMPONENT.test(part))
        ? undefined
        : `Invalid image repository "${value}": lowercase letters, digits and . _ - separated by /`;
    case "image-repo-template":
      try {
        const sample = renderRepoTemplate(value, "app");
        return sample.split("/").every((part) => REPO_COMPONENT.test(part)) ? undefined : `Invalid image-repo-template "${value}": it renders "${sample}", not a repository name`;
      } catch (error) {
        return `Invalid image-repo-template: ${(error as Error).message}`;
      }
    case "push-on-release":
      return value === "true" || value === "false" ? undefined : `Invalid value for push-on-release: ${value} (expected true or false)`;
    case "push-extra-tags": {
      const bad = parseExtraTags(value).filter((tag) => !TAG.test(tag));
      return bad.length === 0 ? undefined : `Invalid tag in push-extra-tags: ${bad.join(", ")}`;
    }
    default:
      return undefined;
  }
}
