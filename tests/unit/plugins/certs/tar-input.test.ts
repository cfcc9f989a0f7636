import { describe, expect, test } from "bun:test";
import { readCertTar } from "../../../../plugins/certs/tar-input.ts";
import { type TarMember, makeTar } from "../../../_harness/archives.ts";

async function* once(data: Uint8Array): AsyncIterable<Uint8Array> {
  yield data;
}
const read = (members: TarMember[]) => readCertTar(once(makeTar(members)));

describe("readCertTar()", () => {
  test("takes the one .crt and the one .key, ignoring hidden paths and other files", async () => {
    const pair = await read([
      { name: "./certs/", type: "5" },
      { name: "./certs/server.crt", data: "CRT" },
      { name: "./certs/server.key", data: "KEY" },
      { name: "._server.crt", data: "resource fork" },
      { name: ".hidden/other.key", data: "hidden" },
      { name: "README", data: "x" },
    ]);
    expect({ crt: pair.crt.toString(), key: pair.key.toString() }).toEqual({ crt: "CRT", key: "KEY" });
  });

  test.each([
    [[{ name: "server.key", data: "K" }], "Tar archive is missing .crt file"],
    [[{ name: "server.crt", data: "C" }], "Tar archive is missing .key file"],
    [[{ name: "a.crt", data: "C" }, { name: "b.crt", data: "C" }, { name: "k.key", data: "K" }], "Tar archive contains more than one .crt file"],
  ] as [TarMember[], string][])("refuses %#: %p", async (members, message) => {
    await expect(read(members)).rejects.toThrow(message);
  });

  test("a link named like a certificate is not followed", async () => {
    await expect(read([{ name: "server.crt", type: "2", linkname: "/etc/shadow" }, { name: "server.key", data: "K" }])).rejects.toThrow(
      "Tar archive is missing .crt file",
    );
  });

  test("bytes that are not a tar are a one-line error", async () => {
    await expect(readCertTar(once(Buffer.from("not a tar archive at all".repeat(40))))).rejects.toThrow(/Archive is not a valid tar file/);
  });
});
