/**
 * The Dokku release whose behaviour this build matches. `dokku version` prints it so community
 * plugins that gate features on the Dokku version keep working.
 * dokku-compat: `LIB/STABLE_VERSION` or `LIB/VERSION` override it when present, as in Dokku.
 */
export const DOKKU_VERSION = "0.38.27";
