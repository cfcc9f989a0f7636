import { describe, expect, test } from "bun:test";
import { DEFAULT_SOCKET, cliEnv, dockerEndpoint, endpointUrl, modemOptions, tlsPaths } from "../../../src/docker/connection.ts";

describe("dockerEndpoint", () => {
  test("no DOCKER_HOST means the CLI's default socket", () => {
    expect(dockerEndpoint({})).toEqual({ kind: "unix", socketPath: DEFAULT_SOCKET });
    expect(dockerEndpoint({ DOCKER_HOST: "" })).toEqual({ kind: "unix", socketPath: DEFAULT_SOCKET });
  });

  test("unix:// with and without a path", () => {
    expect(dockerEndpoint({ DOCKER_HOST: "unix:///run/user/1000/docker.sock" })).toEqual({ kind: "unix", socketPath: "/run/user/1000/docker.sock" });
    expect(dockerEndpoint({ DOCKER_HOST: "unix://" })).toEqual({ kind: "unix", socketPath: DEFAULT_SOCKET });
  });

  test("tcp: plain on 2375, TLS on 2376 or with DOCKER_TLS_VERIFY, certificates from DOCKER_CERT_PATH", () => {
    expect(dockerEndpoint({ DOCKER_HOST: "tcp://10.0.0.5:2375" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: "2375", tls: false });
    expect(dockerEndpoint({ DOCKER_HOST: "10.0.0.5" })).toEqual({ kind: "tcp", host: "10.0.0.5", port: "2375", tls: false });
    expect(dockerEndpoint({ DOCKER_HOST: "tcp://h:2376", DOCKER_CERT_PATH: "/certs" })).toEqual({ kind: "tcp", host: "h", port: "2376", tls: true, certDir: "/certs" });
    expect(dockerEndpoint({ DOCKER_HOST: "tcp://h", DOCKER_TLS_VERIFY: "1", HOME: "/root" })).toEqual({ kind: "tcp", host: "h", port: "2376", tls: true, certDir: "/root/.docker" });
  });

  test("ssh:// keeps the user and defaults to port 22", () => {
    expect(dockerEndpoint({ DOCKER_HOST: "ssh://deploy@build-host" })).toEqual({ kind: "ssh", host: "build-host", port: "22", username: "deploy" });
  });

  test("a malformed or unsupported DOCKER_HOST is a clear error", () => {
    expect(() => dockerEndpoint({ DOCKER_HOST: "tcp://" })).toThrow("Invalid DOCKER_HOST: tcp://");
    expect(() => dockerEndpoint({ DOCKER_HOST: "npipe:////./pipe/docker" })).toThrow("unsupported scheme npipe");
  });
});

describe("cliEnv", () => {
  test("the CLI always gets the endpoint explicitly, and DOCKER_CONTEXT is dropped", () => {
    const endpoint = dockerEndpoint({});
    expect(cliEnv({ PATH: "/bin", DOCKER_CONTEXT: "remote" }, endpoint)).toEqual({ PATH: "/bin", DOCKER_HOST: `unix://${DEFAULT_SOCKET}` });
  });

  test("extra variables (build-arg values) cannot redirect the CLI to another daemon", () => {
    const vars = { PATH: "/bin", DOCKER_HOST: "unix:///srv/docker.sock" };
    const env = cliEnv(vars, dockerEndpoint(vars), { SECRET: "s", DOCKER_HOST: "tcp://evil:2375", DOCKER_TLS_VERIFY: "1" });
    expect(env).toEqual({ PATH: "/bin", SECRET: "s", DOCKER_HOST: "unix:///srv/docker.sock" });
  });

  test("an app's HOME in the extras does not move the CLI's configuration directory", () => {
    const vars = { HOME: "/root" };
    expect(cliEnv(vars, dockerEndpoint(vars), { HOME: "/app", DOCKER_CONFIG: "/app/.docker" })).toEqual({
      HOME: "/app",
      DOCKER_HOST: `unix://${DEFAULT_SOCKET}`,
      DOCKER_CONFIG: "/root/.docker",
    });
    expect(cliEnv({ HOME: "/root", DOCKER_CONFIG: "/etc/docker-cli" }, dockerEndpoint({})).DOCKER_CONFIG).toBe("/etc/docker-cli");
  });

  test("a TLS endpoint passes verification and the certificate directory on", () => {
    const vars = { DOCKER_HOST: "tcp://h:2376", DOCKER_CERT_PATH: "/certs" };
    expect(cliEnv(vars, dockerEndpoint(vars))).toEqual({ DOCKER_HOST: "tcp://h:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: "/certs" });
  });
});

describe("modemOptions", () => {
  test("every connection key is set, so docker-modem's process-env defaults cannot leak in", () => {
    const options = modemOptions(dockerEndpoint({ DOCKER_HOST: "unix:///srv/docker.sock" }), {});
    expect(options.socketPath).toBe("/srv/docker.sock");
    for (const key of ["host", "port", "protocol", "ca", "cert", "key"]) {
      expect(Object.hasOwn(options, key)).toBe(true);
      expect(options[key]).toBeUndefined();
    }
  });

  test("tcp with TLS files uses https and the files' contents", () => {
    const endpoint = dockerEndpoint({ DOCKER_HOST: "tcp://h:2376", DOCKER_CERT_PATH: "/certs" });
    expect(tlsPaths(endpoint)).toEqual({ ca: "/certs/ca.pem", cert: "/certs/cert.pem", key: "/certs/key.pem" });
    const options = modemOptions(endpoint, {}, { ca: "CA", cert: "CERT", key: "KEY" });
    expect(options).toMatchObject({ host: "h", port: "2376", protocol: "https", ca: "CA", cert: "CERT", key: "KEY", socketPath: undefined });
  });

  test("endpointUrl round-trips each kind", () => {
    expect(endpointUrl(dockerEndpoint({ DOCKER_HOST: "ssh://u@h:2222" }))).toBe("ssh://u@h:2222");
    expect(endpointUrl(dockerEndpoint({ DOCKER_HOST: "tcp://h" }))).toBe("tcp://h:2375");
  });
});
