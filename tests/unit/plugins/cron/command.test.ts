import { describe, expect, test } from "bun:test";
import { commandError, splitCronCommand } from "../../../../plugins/cron/command.ts";

describe("splitCronCommand", () => {
  test("words as a shell would quote them, without a shell", () => {
    expect(splitCronCommand("python3 task.py schedule")).toEqual(["python3", "task.py", "schedule"]);
    expect(splitCronCommand("  npm   run\tsend-email ")).toEqual(["npm", "run", "send-email"]);
    expect(splitCronCommand("sh -c 'echo CRON_OK; echo hi > /tmp/x.txt'")).toEqual(["sh", "-c", "echo CRON_OK; echo hi > /tmp/x.txt"]);
    expect(splitCronCommand(`node -e 'console.log(1)'`)).toEqual(["node", "-e", "console.log(1)"]);
    expect(splitCronCommand(`echo "a b" 'c"d' e\\ f "x\\"y" ''`)).toEqual(["echo", "a b", 'c"d', "e f", 'x"y', ""]);
    expect(splitCronCommand("curl http://x/#frag")).toEqual(["curl", "http://x/#frag"]);
    expect(splitCronCommand("sh -c 'echo $HOME'")).toEqual(["sh", "-c", "echo $HOME"]);
  });

  test("shell syntax is refused with the reason (Dokku's cases first)", () => {
    expect(commandError("echo CRON_OK; echo hi > /tmp/x.txt")).toBe('";" is a shell operator');
    expect(commandError("cmd1 && cmd2")).toBe('"&" is a shell operator');
    expect(commandError("cmd | other")).toBe('"|" is a shell operator');
    expect(commandError("cmd > file")).toBe('">" is a shell operator');
    expect(commandError("cmd $(other)")).toBe("$( starts a command substitution");
    expect(commandError("echo `date`")).toBe("` starts a command substitution");
    expect(commandError('echo "$(date)"')).toBe("$( starts a command substitution");
    expect(commandError("echo $HOME")).toBe("$HOME is a shell expansion");
    expect(commandError('echo "${HOME}"')).toBe("${HOME} is a shell expansion");
    expect(commandError("echo hi # comment")).toBe("# starts a shell comment");
    expect(commandError("echo 'open")).toBe("unmatched single quote");
    expect(commandError('echo "open')).toBe("unmatched double quote");
    expect(commandError("a\nb")).toBe("a newline separates commands, which needs a shell");
    expect(commandError("   ")).toBe("the command is empty");
    expect(commandError("true")).toBeUndefined();
  });
});
