import { describe, expect, test } from "bun:test";
import { ProcfileError, expandCommand, parseProcfile } from "../../../../plugins/ps/procfile.ts";
import { parseScaleArgs, parseScaleLines, reconcile } from "../../../../plugins/ps/formation.ts";

describe("parseProcfile", () => {
  test("entries, comments, blank lines, CRLF and trailing comments after whitespace", () => {
    const text = "# comment\r\n// also a comment\r\nweb: ./web.sh --port $PORT # trailing\r\n\r\nworker:./worker.sh\nurl: curl http://x/#frag\n";
    expect(parseProcfile(text)).toEqual([
      { type: "web", command: "./web.sh --port $PORT" },
      { type: "worker", command: "./worker.sh" },
      { type: "url", command: "curl http://x/#frag" },
    ]);
  });

  test("duplicates, bad names, empty commands and long names are errors with the line number", () => {
    expect(() => parseProcfile("web: a\nweb: b\n")).toThrow('line 2: duplicate process type "web"');
    expect(() => parseProcfile("we b: a\n")).toThrow(ProcfileError);
    expect(() => parseProcfile("web:\n")).toThrow('process type "web" has no command');
    expect(() => parseProcfile(`${"a".repeat(64)}: x\n`)).toThrow("longer than 63");
    expect(() => parseProcfile("just text\n")).toThrow("line 1: invalid entry");
  });
});

describe("expandCommand", () => {
  const env = new Map([["PORT", "5000"], ["NAME", "x y"]]);
  test("$NAME and ${NAME} from the environment, unset names empty", () => {
    expect(expandCommand("serve -p $PORT --name=${NAME} $MISSING.", env)).toBe("serve -p 5000 --name=x y .");
  });
});

describe("formation", () => {
  test("scale lines parse and refuse corruption", () => {
    expect([...parseScaleLines(["web=1", "worker=0", ""])]).toEqual([["web", 1], ["worker", 0]]);
    expect(() => parseScaleLines(["web=-1"])).toThrow("Invalid scale entry");
    expect(() => parseScaleLines(["../x=1"])).toThrow("Invalid scale entry");
  });

  test("ps:scale tuples use Dokku's messages", () => {
    expect([...parseScaleArgs(["web=2", "worker=0"])]).toEqual([["web", 2], ["worker", 0]]);
    expect(() => parseScaleArgs(["web"])).toThrow("Missing count for process type web");
    expect(() => parseScaleArgs(["web="])).toThrow("Missing count for process type web");
    expect(() => parseScaleArgs(["web=two"])).toThrow("Invalid count for process type web");
    expect(() => parseScaleArgs(["web=1.5"])).toThrow("Invalid count for process type web");
    expect(() => parseScaleArgs(["web=-1"])).toThrow("Invalid count for process type web");
    expect(() => parseScaleArgs(["w/b=1"])).toThrow("Invalid process type w/b");
  });

  test("reconcile adds new Procfile types at 0 and parks removed zero types in scale.old", () => {
    const { scale, old } = reconcile(new Map([["web", 1], ["gone", 0], ["kept", 2]]), ["web", "worker"]);
    expect([...scale]).toEqual([["web", 1], ["kept", 2], ["worker", 0]]);
    expect([...old]).toEqual([["gone", 0]]);
    expect([...reconcile(new Map([["web", 1]]), undefined).scale]).toEqual([["web", 1]]);
  });
});
