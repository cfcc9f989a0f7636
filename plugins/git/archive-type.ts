/** The archive formats `git:from-archive --archive-type` accepts. */
export type ArchiveType = "tar" | "tar.gz" | "zip";
export const ARCHIVE_TYPES: readonly ArchiveType[] = ["tar", "tar.gz", "zip"];
