// Refuses to run tests against a real host's state.
import { resolve } from "node:path";

const lib = process.env.DOKKU_LIB_ROOT;
if (lib && resolve(lib) === "/var/lib/dokku") {
  throw new Error("Refusing to run tests with DOKKU_LIB_ROOT=/var/lib/dokku");
}
