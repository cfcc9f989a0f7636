/** Plugin name: properties under `LIB/config/releases`, records under `LIB/data/releases/APP`. */
export const RELEASES = "releases";

export const ReleasesProps = { keep: "keep" } as const;

export const SETTABLE = { keys: [ReleasesProps.keep], global: [ReleasesProps.keep] } as const;

/** Release images kept when `keep` is unset. */
export const DEFAULT_KEEP = 5;

/**
 * One successful deploy. Its image stays tagged `dokku/APP:release-N` while it is among the last
 * `keep` releases, so a restart always runs exactly this image (whatever `latest` says since)
 * and a rollback needs no build.
 */
export interface ReleaseRecord {
  number: number;
  /** `release-N`. */
  tag: string;
  imageId: string;
  /** sha256 of the merged config the release started with (see configDigest). */
  configDigest: string;
  /** Source revision (GIT_REV) of the build the image came from, "" when unknown. */
  sourceRev: string;
  /** The build that made the image (builds:info), "" when not a build. */
  buildId: string;
  /** RFC 3339, when the deploy finished. */
  createdAt: string;
  /** ssh key name (or unix user) of whoever deployed. */
  user: string;
  /** Set on a rollback: the release whose image this one runs again. */
  rollbackOf?: number;
  /** Set once the image was untagged: the release can no longer be rolled back to. */
  imagePruned?: boolean;
}

export const releaseTag = (n: number) => `release-${n}`;

/** N from `release-N`, or undefined. */
export function releaseNumber(tag: string): number | undefined {
  const m = /^release-([0-9]+)$/.exec(tag);
  return m ? Number(m[1]) : undefined;
}
