import { definePlugin } from "../../src/core/plugin.ts";
import { enter, onSchedulerEnter } from "./enter.ts";

/** `dokku enter`: a command (or shell) in a running container of the app (reference 7.7). */
export const plugin = definePlugin({
  name: "enter",
  description: "Connect to a specific app container",
  commands: [enter],
  triggers: { "scheduler-enter": onSchedulerEnter },
});
