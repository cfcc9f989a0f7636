import type { TriggerHandler } from "../../src/core/plugin.ts";
import { emittedOptions, fragment } from "./options.ts";
import { readOptions } from "./store.ts";

/** `docker-args-build APP IMAGE_SOURCE_TYPE`: default build options, filtered per builder. */
export const onDockerArgsBuild: TriggerHandler<"docker-args-build"> = async (ctx, [app, sourceType]) =>
  fragment(emittedOptions(await readOptions(ctx, app, "build"), "build", sourceType));

/** `docker-args-deploy APP TAG [PROC INDEX]`: the options every deployed process gets. */
export const onDockerArgsDeploy: TriggerHandler<"docker-args-deploy"> = async (ctx, [app]) =>
  fragment(emittedOptions(await readOptions(ctx, app, "deploy"), "deploy"));

/** `docker-args-process-deploy APP SRC TAG PROC [INDEX]`: options scoped to one process type. */
export const onDockerArgsProcessDeploy: TriggerHandler<"docker-args-process-deploy"> = async (ctx, [app, , , proc]) =>
  fragment(emittedOptions(await readOptions(ctx, app, "deploy", proc), "deploy"));

/** `docker-args-run APP TAG`: options of one-off `run` containers. */
export const onDockerArgsRun: TriggerHandler<"docker-args-run"> = async (ctx, [app]) =>
  fragment(emittedOptions(await readOptions(ctx, app, "run"), "run"));
