import { describe, expect, test } from "bun:test";
import { NGINX_PROPERTIES, type NginxProperty } from "../../../../plugins/nginx-vhosts/schema.ts";
import { renderTemplate } from "../../../../plugins/nginx-vhosts/sigil/render.ts";
import { BUILTIN_TEMPLATE } from "../../../../plugins/nginx-vhosts/template.ts";
import { type AppFacts, certMatches, squeezeBlankLines, templateVars } from "../../../../plugins/nginx-vhosts/vars.ts";

const props = Object.fromEntries(Object.entries(NGINX_PROPERTIES).map(([k, v]) => [k, v.default.replace("{LOG}", "/log").replace("{APP}", "web")])) as Record<NginxProperty, string>;

function facts(over: Partial<AppFacts> = {}): AppFacts {
  return {
    app: "web",
    dokkuRoot: "/home/dokku",
    libRoot: "/var/lib/dokku",
    appSslPath: "/home/dokku/web/tls",
    listeners: { web: ["172.17.0.5:5000", "172.17.0.6:5000"] },
    maps: [{ scheme: "http", host_port: 80, container_port: 5000 }],
    domains: ["web.dokku.me", "www.example.com"],
    vhost: true,
    props,
    logRoot: "/log",
    proxyPort: 80,
    proxySslPort: 443,
    nginxVersion: [1, 22, 1],
    ...over,
  };
}

const render = (f: AppFacts) => squeezeBlankLines(renderTemplate(BUILTIN_TEMPLATE, templateVars(f).vars));

describe("the built-in template", () => {
  test("one upstream per container port with a server per web container", () => {
    const text = render(facts());
    expect(text).toContain("upstream web-5000 {\n  server 172.17.0.5:5000;\n  server 172.17.0.6:5000;\n}");
    expect(text).toContain("proxy_pass  http://web-5000;");
    expect(text).toContain("server_name web.dokku.me www.example.com;");
    expect(text).toContain("listen      [::]:80;\n  listen      80;");
    expect(text).not.toContain("ssl_certificate");
  });

  test("published listeners (a swarm app's tasks) take their own port; container listeners their upstream's, as in Dokku", () => {
    const published = render(facts({ listeners: { web: ["10.0.0.11:30001", "10.0.0.12:30002"] }, listenersPublished: true }));
    expect(published).toContain("upstream web-5000 {\n  server 10.0.0.11:30001;\n  server 10.0.0.12:30002;\n}");
    // ports:set to another container port without a redeploy: Dokku's line uses the map's port.
    const remapped = render(facts({ listeners: { web: ["172.17.0.5:5000"] }, maps: [{ scheme: "http", host_port: 80, container_port: 8080 }] }));
    expect(remapped).toContain("upstream web-8080 {\n  server 172.17.0.5:8080;\n}");
    const two = render(facts({ maps: [{ scheme: "http", host_port: 80, container_port: 5000 }, { scheme: "http", host_port: 8080, container_port: 6000 }] }));
    expect(two).toContain("upstream web-5000 {\n  server 172.17.0.5:5000;\n  server 172.17.0.6:5000;\n}");
    expect(two).toContain("upstream web-6000 {\n  server 172.17.0.5:6000;\n  server 172.17.0.6:6000;\n}");
  });

  test("without web listeners every location answers 502 and no upstream is written", () => {
    const text = render(facts({ listeners: { web: [] } }));
    expect(text).toContain("return 502;");
    expect(text).not.toContain("upstream");
  });

  test("with a certificate: https server, and the proxy port redirects", () => {
    const text = render(facts({ maps: [{ scheme: "http", host_port: 80, container_port: 5000 }, { scheme: "https", host_port: 443, container_port: 5000 }], certNames: ["*.dokku.me"] }));
    expect(text).toContain("return 301 https://$host:443$request_uri;");
    expect(text).toContain("listen      [::]:443 ssl http2;");
    expect(text).toContain("ssl_certificate           /home/dokku/web/tls/server.crt;");
    expect(text).toContain("server_name web.dokku.me;");
  });

  test("nginx 1.25.1 and later get `http2 on;` instead of the listen flag", () => {
    const text = render(facts({ maps: [{ scheme: "https", host_port: 443, container_port: 5000 }], certNames: ["web.dokku.me"], nginxVersion: [1, 25, 1] }));
    expect(text).toContain("listen      [::]:443 ssl;");
    expect(text).toContain("http2 on;");
  });

  test("https maps without a certificate are dropped with a warning", () => {
    const input = templateVars(facts({ maps: [{ scheme: "https", host_port: 443, container_port: 5000 }] }));
    expect(input.vars.PROXY_PORT_MAP).toBe("");
    expect(input.warnings[0]).toContain("without an accompanying ssl certificate");
  });

  test("nginx properties reach the config; bind addresses and keepalive", () => {
    const custom = { ...props, "client-max-body-size": "50m", "bind-address-ipv4": "127.0.0.1", "proxy-keepalive": "16", "x-forwarded-ssl": "on" };
    const text = render(facts({ props: custom }));
    expect(text).toContain("client_max_body_size 50m;");
    expect(text).toContain("listen      127.0.0.1:80;");
    expect(text).toContain("keepalive 16;");
    expect(text).toContain("proxy_set_header X-Forwarded-Ssl on;");
  });

  test("without vhosts the server has no server_name", () => {
    expect(render(facts({ vhost: false }))).not.toContain("server_name");
  });

  test("grpc maps get a grpc_pass server", () => {
    const text = render(facts({ maps: [{ scheme: "grpc", host_port: 50051, container_port: 50051 }] }));
    expect(text).toContain("grpc_pass grpc://web-50051;");
    expect(text).toContain("listen      [::]:50051 http2;");
  });
});

test("certMatches(): a wildcard covers exactly one label", () => {
  expect([certMatches(["*.a.com"], "x.a.com"), certMatches(["*.a.com"], "x.y.a.com"), certMatches(["a.com"], "A.com")]).toEqual([true, false, true]);
});

test("squeezeBlankLines() keeps at most one empty line and drops trailing blanks", () => {
  expect(squeezeBlankLines("a  \n\n \n\nb\n\n")).toBe("a\n\nb\n");
});
