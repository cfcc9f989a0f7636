import { describe, expect, test } from "bun:test";
import { addPortMaps, columnize, parsePortMap, parsePortMaps, removePortMaps, withTls } from "../../../../plugins/ports/port-map.ts";

const maps = (...texts: string[]) => texts.map(parsePortMap);

describe("parsePortMap()", () => {
  test("reads scheme:host-port:container-port", () => {
    expect(parsePortMap("http:80:5000")).toEqual({ scheme: "http", hostPort: 80, containerPort: 5000 });
  });

  test.each([
    ["http:80", "Invalid port map http:80 [len=2]"],
    ["http:0:5000", "Invalid port map http:0:5000 [hostPort=0]"],
    ["http:80:65536", "Invalid port map http:80:65536 [containerPort=65536]"],
    ["http:eighty:5000", 'Invalid port map http:eighty:5000 [err=strconv.Atoi: parsing "eighty": invalid syntax]'],
    ["ftp:21:21", "Invalid port map ftp:21:21 [scheme=ftp]"],
  ])("refuses %p with Dokku's message", (text, message) => {
    expect(() => parsePortMap(text)).toThrow(message);
  });

  test("no argument at all is refused", () => {
    expect(() => parsePortMaps([])).toThrow("No port mapping specified");
  });
});

describe("adding and removing maps", () => {
  test("an equal map is not repeated; the same scheme:host-port twice is refused", () => {
    expect(addPortMaps(maps("http:80:5000"), maps("http:80:5000", "https:443:5000"))).toEqual(maps("http:80:5000", "https:443:5000"));
    expect(() => addPortMaps(maps("http:80:5000"), maps("http:80:3000"))).toThrow("The same scheme:host-port is being reused: http:80");
  });

  test("a bare host port removes every map on it; a full map removes only itself", () => {
    const current = maps("http:80:5000", "https:80:6000", "http:8080:5000");
    expect(removePortMaps(current, ["80"])).toEqual(maps("http:8080:5000"));
    expect(removePortMaps(current, ["https:80:6000"])).toEqual(maps("http:80:5000", "http:8080:5000"));
  });
});

describe("withTls()", () => {
  test("an http map on the proxy port gets an https twin on the ssl port", () => {
    expect(withTls(maps("http:80:5000", "http:8080:3000"), 80, 443)).toEqual(maps("http:80:5000", "http:8080:3000", "https:443:5000"));
  });

  test("an existing https map on the ssl port is kept as is", () => {
    expect(withTls(maps("http:80:5000", "https:443:3000"), 80, 443)).toEqual(maps("http:80:5000", "https:443:3000"));
  });

  test("without an http map on the proxy port every http map becomes https", () => {
    expect(withTls(maps("http:8080:5000", "udp:53:53"), 80, 443)).toEqual(maps("https:8080:5000", "udp:53:53"));
  });

  test("the proxy port is the app's, not a literal 80", () => {
    expect(withTls(maps("http:18080:5000"), 18080, 18443)).toEqual(maps("http:18080:5000", "https:18443:5000"));
  });
});

test("columnize() pads every column but the last, two spaces apart", () => {
  expect(columnize([["-----> scheme", "host port", "container port"], ["    http", "80", "5000"]])).toEqual([
    "-----> scheme  host port  container port",
    "    http       80         5000",
  ]);
});
