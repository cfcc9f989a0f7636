import type { DockerCli } from "../cli.ts";
import { imagePushArgs, loginArgs, logoutArgs } from "../commands.ts";
import type { DockerEngine } from "../engine.ts";

type RegistryMethods = Pick<DockerEngine, "pushImage" | "registryLogin" | "registryLogout">;

/**
 * Registry calls through the CLI: it owns the credential store (`config.json`, credential
 * helpers), which the API would make us re-implement.
 */
export function registryMethods(cli: DockerCli): RegistryMethods {
  return {
    async pushImage(ref, output, { configDir } = {}) {
      await cli(imagePushArgs(ref), { configDir, output });
    },
    async registryLogin(server, username, password, { configDir } = {}) {
      await cli(loginArgs(server, username), { stdin: `${password}\n`, configDir, output: { failure: "Failed to log into registry" } });
    },
    async registryLogout(server, { configDir } = {}) {
      await cli(logoutArgs(server), { configDir, output: { failure: `Failed to log out of ${server}` } });
    },
  };
}
