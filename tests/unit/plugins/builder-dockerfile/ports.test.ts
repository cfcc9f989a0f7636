import { describe, expect, test } from "bun:test";
import { detectedPortMaps, dockerfileExposedPorts } from "../../../../plugins/builder-dockerfile/ports.ts";

describe("dockerfileExposedPorts", () => {
  test("takes the first value of each EXPOSE line, CRLF tolerated", () => {
    expect(dockerfileExposedPorts("FROM x\r\nEXPOSE 3000 4000\r\nexpose 9\nEXPOSE 53/udp\n")).toEqual(["3000", "53/udp"]);
  });
});

describe("detectedPortMaps", () => {
  test("maps tcp to http, 443 to https, udp to udp; skips variables and duplicates", () => {
    expect(detectedPortMaps(["5000", "5000/tcp", "443", "53/udp", "$PORT"])).toEqual(["http:5000:5000", "https:443:443", "udp:53:53"]);
  });
});
