import { describe, expect, test } from "bun:test";
import { PassThrough } from "node:stream";
import { OutputDemuxer, drain } from "../../../src/docker/api/streams.ts";

function frame(stream: 1 | 2, text: string | Uint8Array): Buffer {
  const body = typeof text === "string" ? Buffer.from(text, "utf8") : Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

describe("OutputDemuxer", () => {
  test("multiplexed frames split across chunks become lines per stream, a last partial line flushed", () => {
    const seen: string[] = [];
    const demuxer = new OutputDemuxer(false, (line, stream) => seen.push(`${stream}:${line}`));
    const bytes = Buffer.concat([frame(1, "one\r\ntw"), frame(2, "err\n"), frame(1, "o\ntail")]);
    for (let i = 0; i < bytes.length; i += 5) demuxer.push(bytes.subarray(i, i + 5));
    demuxer.end();
    expect(seen).toEqual(["stdout:one", "stderr:err", "stdout:two", "stdout:tail"]);
    expect(demuxer.text).toEqual({ stdout: "one\r\ntwo\ntail", stderr: "err\n" });
  });

  test("a UTF-8 character split between frames is decoded whole", () => {
    const euro = Buffer.from("€\n", "utf8");
    const demuxer = new OutputDemuxer(false);
    demuxer.push(Buffer.concat([frame(1, euro.subarray(0, 1)), frame(1, euro.subarray(1))]));
    demuxer.end();
    expect(demuxer.text.stdout).toBe("€\n");
  });

  test("with a TTY the bytes are one raw stream", () => {
    const seen: string[] = [];
    const demuxer = new OutputDemuxer(true, (line, stream) => seen.push(`${stream}:${line}`));
    demuxer.push(Buffer.from("a\r\nb"));
    demuxer.end();
    expect(seen).toEqual(["stdout:a", "stdout:b"]);
  });
});

test("drain reads a whole body or a stream to its end", async () => {
  const fromBody = new OutputDemuxer(false);
  await drain(frame(1, "body\n"), fromBody);
  expect(fromBody.text.stdout).toBe("body\n");

  const stream = new PassThrough();
  const fromStream = new OutputDemuxer(false);
  const done = drain(stream, fromStream);
  stream.write(frame(2, "x"));
  stream.end(frame(2, "y\n"));
  await done;
  expect(fromStream.text.stderr).toBe("xy\n");
});
