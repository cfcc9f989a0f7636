// Child process of the engine contract suite: `loadImage` reads this process's stdin (a tarball).
import { createDockerEngine } from "../../src/docker/dockerode-engine.ts";
import { snapshot } from "./_engine.ts";

const engine = createDockerEngine(snapshot(process.env.DOCKER_HOST ? { DOCKER_HOST: process.env.DOCKER_HOST } : {}));
await engine.loadImage({ failure: "Unable to load the image", echo: { stdout: process.stdout, stderr: process.stderr } });
