import { expect, test } from "bun:test";
import { type NginxHost, parseNginxVersion, reloadArgv, testFileArgv, testHostArgv, versionAtLeast } from "../../../../plugins/nginx-vhosts/host.ts";

const base: NginxHost = { bin: "/usr/sbin/nginx", pidFile: "/run/nginx.pid", logRoot: "/var/log/nginx", sudo: false, systemd: true };

test("as the dokku user, nginx calls go through sudo in the shape install.sh's sudoers rules allow", () => {
  const host = { ...base, sudo: true };
  expect(testHostArgv(host)).toEqual(["sudo", "-n", "/usr/sbin/nginx", "-t"]);
  expect(testFileArgv(host, "/tmp/w/nginx.conf")).toEqual(["sudo", "-n", "/usr/sbin/nginx", "-t", "-c", "/tmp/w/nginx.conf"]);
  expect(reloadArgv(host, "")).toEqual(["sudo", "-n", "systemctl", "reload", "nginx"]);
});

test("a private nginx (tests) is driven with its own config and prefix", () => {
  const host = { ...base, conf: "/t/nginx.conf", prefix: "/t" };
  expect(testHostArgv(host)).toEqual(["/usr/sbin/nginx", "-t", "-c", "/t/nginx.conf", "-p", "/t"]);
  expect(reloadArgv(host, "")).toEqual(["/usr/sbin/nginx", "-c", "/t/nginx.conf", "-p", "/t", "-s", "reload"]);
});

test("nginx-service-command replaces the reload, split into argv without a shell", () => {
  expect(reloadArgv(base, "/usr/local/bin/reload-proxy --graceful")).toEqual(["/usr/local/bin/reload-proxy", "--graceful"]);
  expect(reloadArgv({ ...base, serviceCommand: "sv reload nginx" }, "")).toEqual(["sv", "reload", "nginx"]);
});

test("nginx versions", () => {
  expect(parseNginxVersion("nginx version: nginx/1.22.1\n")).toEqual([1, 22, 1]);
  expect([versionAtLeast([1, 25, 1], [1, 25, 1]), versionAtLeast([1, 24, 9], [1, 25, 1]), versionAtLeast([2, 0, 0], [1, 25, 1])]).toEqual([true, false, true]);
});

test("the validation wrapper includes only the app's file; under sudo its temp paths belong to the dokku user", async () => {
  const { wrapperConfig } = await import("../../../../plugins/nginx-vhosts/validate.ts");
  const text = wrapperConfig("/tmp/w", "/home/dokku/web/.nginx.conf.candidate", "dokku");
  expect(text).toContain("user dokku;");
  expect(text).toContain("  include /home/dokku/web/.nginx.conf.candidate;");
  expect(text.match(/include/g)).toHaveLength(1);
  expect(wrapperConfig("/tmp/w", "/x")).not.toContain("user ");
});
