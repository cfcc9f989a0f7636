// The Dockerfiles Dokku ships in plugins/builder-herokuish/dockerfiles/, written for this project.
// Each is built with `--build-arg APP_IMAGE=... --build-arg DOKKU_APP_USER=...`.

/** Copies the source into `/app`, owned by the app user (`/exec true` creates the user first). */
export const COPY_SOURCE = `ARG APP_IMAGE
FROM $APP_IMAGE
ARG DOKKU_APP_USER=herokuishuser
ARG TRACE
RUN USER=$DOKKU_APP_USER /exec true
COPY --chown=$DOKKU_APP_USER . /app
WORKDIR /app
ENV HEROKUISH_DISABLE_CHOWN=true
`;

/** BUILD_ENV: one file per config var in `/tmp/env` (herokuish's env dir) and the merged `.env` in `/app`. */
export const PRE_BUILD = `ARG APP_IMAGE
FROM $APP_IMAGE
ARG DOKKU_APP_USER=herokuishuser
COPY --chown=$DOKKU_APP_USER .env.d /tmp/env
COPY --chown=$DOKKU_APP_USER .env /app/.env
`;

/**
 * The release stage: everything under /app owned by the app user, which the image then runs as.
 * dokku-compat: Dokku bakes the config into `/app/.profile.d/0{0,1}-*-env.sh` here and rebuilds
 * the release at every config change. Config reaches containers through their environment
 * instead (DESIGN 3.6: a config change restarts from the same image), so nothing may shadow it:
 * the build-time env dir `/tmp/env`, which herokuish's `/start` exports, is emptied too.
 */
export const RELEASE = `ARG APP_IMAGE
FROM $APP_IMAGE
ARG DOKKU_APP_USER=herokuishuser
USER root
RUN rm -rf /tmp/env /app/.profile.d/00-global-env.sh /app/.profile.d/01-app-env.sh \\
  && find /app \\( ! -user "$DOKKU_APP_USER" -o ! -group "$DOKKU_APP_USER" \\) -print0 | xargs -0 -r chown "$DOKKU_APP_USER:$DOKKU_APP_USER"
USER $DOKKU_APP_USER
ENV HEROKUISH_SETUIDGUID=false
`;
