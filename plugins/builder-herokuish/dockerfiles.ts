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

/** Release stage 1: the config as `.profile.d` scripts, sourced by `/start` and `/exec`. */
export const PRE_RELEASE = `ARG APP_IMAGE
FROM $APP_IMAGE
ARG DOKKU_APP_USER=herokuishuser
COPY --chown=$DOKKU_APP_USER 00-global-env.sh 01-app-env.sh /app/.profile.d/
`;

/** Release stage 2: everything under /app owned by the app user, which the image then runs as. */
export const RELEASE = `ARG APP_IMAGE
FROM $APP_IMAGE
ARG DOKKU_APP_USER=herokuishuser
COPY --chown=$DOKKU_APP_USER 00-global-env.sh 01-app-env.sh /app/.profile.d/
RUN find /app \\( ! -user "$DOKKU_APP_USER" -o ! -group "$DOKKU_APP_USER" \\) -print0 | xargs -0 -r chown "$DOKKU_APP_USER:$DOKKU_APP_USER"
USER $DOKKU_APP_USER
ENV HEROKUISH_SETUIDGUID=false
`;
