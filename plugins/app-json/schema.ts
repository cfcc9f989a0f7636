import * as v from "valibot";

/** Property namespace of the app-json plugin. */
export const APP_JSON = "app-json";

export const AppJsonProps = {
  appjsonPath: "appjson-path",
  /** Guard: Heroku's `scripts.postdeploy` runs once, on the first deploy only. */
  herokuPostdeploy: "heroku.postdeploy",
} as const;

export const SETTABLE = { keys: [AppJsonProps.appjsonPath], global: [AppJsonProps.appjsonPath] } as const;

export const DEFAULT_APPJSON_PATH = "app.json";

const EnvEntry = v.union([
  v.string(),
  v.looseObject({
    description: v.optional(v.string()),
    value: v.optional(v.string()),
    required: v.optional(v.boolean()),
    generator: v.optional(v.picklist(["secret"], "generator must be \"secret\"")),
    sync: v.optional(v.boolean()),
  }),
]);

const Formation = v.looseObject({
  quantity: v.optional(v.pipe(v.number(), v.integer("quantity must be a whole number"), v.minValue(0, "quantity must not be negative"))),
  max_parallel: v.optional(v.pipe(v.number(), v.integer("max_parallel must be a whole number"), v.minValue(1, "max_parallel must be at least 1"))),
});

const Scripts = v.looseObject({
  postdeploy: v.optional(v.string()),
  dokku: v.optional(v.looseObject({ predeploy: v.optional(v.string()), postdeploy: v.optional(v.string()) })),
});

/**
 * The keys of app.json this plugin reads (reference 10.5). Other keys (cron, healthchecks,
 * buildpacks) belong to other plugins, which read the content through `app-json-get-content`;
 * they pass through untouched here.
 */
export const AppJson = v.looseObject({
  env: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "env keys must be valid variable names")), EnvEntry)),
  formation: v.optional(v.record(v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]+$/, "formation keys must be process types")), Formation)),
  scripts: v.optional(Scripts),
});

export type AppJson = v.InferOutput<typeof AppJson>;
