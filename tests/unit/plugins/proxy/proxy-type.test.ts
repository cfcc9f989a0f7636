import { expect, test } from "bun:test";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { createTestCtx } from "../../core/_context.ts";

test("proxy-type answers nginx when no type is set, else the app's or the global one", async () => {
  await using t = await createTestCtx();
  await mkdir(join(t.ctx.paths.dokkuRoot, "web"));
  expect(await t.ctx.triggers.query("proxy-type", "web")).toBe("nginx\n");
  await t.ctx.props.set("proxy", "--global", "type", "caddy");
  expect(await t.ctx.triggers.query("proxy-type", "web")).toBe("caddy\n");
  await t.ctx.props.set("proxy", "web", "type", "haproxy");
  expect(await t.ctx.triggers.query("proxy-type", "web")).toBe("haproxy\n");
});

test("proxy-is-enabled follows the disabled property", async () => {
  await using t = await createTestCtx();
  await mkdir(join(t.ctx.paths.dokkuRoot, "web"));
  expect(await t.ctx.triggers.query("proxy-is-enabled", "web")).toBe("true\n");
  await t.ctx.props.set("proxy", "web", "disabled", "true");
  expect(await t.ctx.triggers.query("proxy-is-enabled", "web")).toBe("false\n");
});

test("ports-get: user maps, else detected, else http:<proxy port>:5000", async () => {
  await using t = await createTestCtx({ env: { DOKKU_PROXY_PORT: "18080" } });
  await mkdir(join(t.ctx.paths.dokkuRoot, "web"));
  expect(await t.ctx.triggers.query("ports-get", "web")).toBe("http:18080:5000\n");
  await t.ctx.triggers.query("ports-set-detected", "web", "http:5000:5000", "http:5000:5000", "udp:53:53");
  expect(await t.ctx.triggers.query("ports-get", "web")).toBe("http:5000:5000\nudp:53:53\n");
  await t.ctx.props.lwrite("ports", "web", "map", ["http:8080:5000"]);
  expect(await t.ctx.triggers.query("ports-get", "web", "json")).toBe('[{"container_port":5000,"host_port":8080,"scheme":"http"}]\n');
});
