import { definePlugin } from "../../src/core/plugin.ts";
import { sshKeysAdd, sshKeysList, sshKeysRemove } from "./commands.ts";

/** ssh-keys: the authorized_keys entries (sshcommand's format) that let keys reach `dokku` over ssh. */
export const plugin = definePlugin({
  name: "ssh-keys",
  description: "Manage public ssh keys that are allowed to connect to Dokku",
  commands: [sshKeysAdd, sshKeysList, sshKeysRemove],
});
