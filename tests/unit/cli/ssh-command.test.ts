import { describe, expect, test } from "bun:test";
import { splitSshCommand, splitXargs } from "../../../src/cli/ssh-command.ts";
import { UserError } from "../../../src/core/errors.ts";

describe("splitSshCommand (xargs rules, no shell)", () => {
  test.each([
    ["apps:list", ["apps:list"]],
    ["  apps:report\tweb   --format  json  ", ["apps:report", "web", "--format", "json"]],
    [`config:set web "A=hello world" 'B=x y'`, ["config:set", "web", "A=hello world", "B=x y"]],
    [`config:set web A=hello\\ world`, ["config:set", "web", "A=hello world"]],
    [`config:set web A="it's" B='say "hi"'`, ["config:set", "web", "A=it's", 'B=say "hi"']],
    [`config:set web X=pre"mid dle"post`, ["config:set", "web", "X=premid dlepost"]],
    [`config:set web "A=back\\slash"`, ["config:set", "web", "A=back\\slash"]],
    [`config:set web A=\\"quoted\\"`, ["config:set", "web", 'A="quoted"']],
    [`apps:create ''`, ["apps:create", ""]],
  ])("%j", (command, argv) => {
    expect(splitSshCommand(command)).toEqual(argv);
  });

  test("shell metacharacters stay literal argv words", () => {
    expect(splitSshCommand("apps:create 'x'; touch /tmp/pwned")).toEqual(["apps:create", "x;", "touch", "/tmp/pwned"]);
    expect(splitSshCommand("apps:list && rm -rf / || true | cat > /etc/passwd")).toEqual([
      "apps:list", "&&", "rm", "-rf", "/", "||", "true", "|", "cat", ">", "/etc/passwd",
    ]);
    expect(splitSshCommand("config:set web A=$(id) B=`id` C=${HOME} *")).toEqual(["config:set", "web", "A=$(id)", "B=`id`", "C=${HOME}", "*"]);
    expect(splitSshCommand(`config:set web "A=$(touch /tmp/x)"`)).toEqual(["config:set", "web", "A=$(touch /tmp/x)"]);
  });

  test("an unmatched quote is an error, as with xargs", () => {
    expect(() => splitSshCommand("apps:create 'oops")).toThrow(new UserError("Unmatched single quote in command"));
    expect(() => splitSshCommand('apps:create "oops')).toThrow("Unmatched double quote in command");
    expect(() => splitXargs("config:set web 'multi\nline'")).toThrow("Unmatched quote in command");
  });

  test("git-* and git:* commands split on blanks and keep their quotes for the git plugin", () => {
    expect(splitSshCommand("git-receive-pack 'my-app'")).toEqual(["git-receive-pack", "'my-app'"]);
    expect(splitSshCommand("git-upload-pack  '/my-app.git'")).toEqual(["git-upload-pack", "'/my-app.git'"]);
    expect(splitSshCommand("git:sync web 'https://example.invalid/r.git'")).toEqual(["git:sync", "web", "'https://example.invalid/r.git'"]);
    expect(splitSshCommand("  git-receive-pack 'a'; touch /tmp/x")).toEqual(["git-receive-pack", "'a';", "touch", "/tmp/x"]);
  });

  test("only git- and git: commands keep quotes; other names starting with git follow xargs rules", () => {
    expect(splitSshCommand("gitlab:x 'a b'")).toEqual(["gitlab:x", "a b"]);
    expect(splitSshCommand("github-sync 'a b'")).toEqual(["github-sync", "a b"]);
  });
});
