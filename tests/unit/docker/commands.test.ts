import { describe, expect, test } from "bun:test";
import {
  containerAttachArgs,
  containerCreateArgs,
  containerExecArgs,
  envFlags,
  imageBuildArgs,
  imageLoadArgs,
  imagePushArgs,
  labelFlags,
  loginArgs,
  logoutArgs,
} from "../../../src/docker/commands.ts";

const APP = { "com.dokku.app-name": "web" };

describe("labelFlags and envFlags", () => {
  test("an empty label value becomes a bare --label=KEY, as Dokku writes --label=dokku", () => {
    expect(labelFlags({ dokku: "", "com.dokku.app-name": "web" })).toEqual(["--label=dokku", "--label=com.dokku.app-name=web"]);
  });

  test("values keep spaces and equals signs inside one argv element", () => {
    expect(envFlags({ GREETING: "hello world", EQ: "a=b" })).toEqual(["--env=GREETING=hello world", "--env=EQ=a=b"]);
  });
});

describe("containerCreateArgs", () => {
  test("user flags first, then name and ownership labels (so docker-options cannot override them), then -- IMAGE COMMAND", () => {
    const args = containerCreateArgs({
      image: "dokku/web:latest",
      command: ["/start", "web"],
      name: "web.web.1",
      labels: APP,
      args: ["--label=com.dokku.app-name=other", "-v", "cache-web:/cache", "--env=KEY"],
    });
    expect(args).toEqual([
      "container", "create",
      "--label=com.dokku.app-name=other", "-v", "cache-web:/cache", "--env=KEY",
      "--name=web.web.1", "--label=com.dokku.app-name=web",
      "--", "dokku/web:latest", "/start", "web",
    ]);
  });

  test("without name, args or command only the labels and the image remain", () => {
    expect(containerCreateArgs({ image: "img", labels: APP })).toEqual(["container", "create", "--label=com.dokku.app-name=web", "--", "img"]);
  });

  test("an image or command word that looks like a flag stays an operand after --", () => {
    expect(containerCreateArgs({ image: "img", labels: APP, command: ["--privileged"] }).slice(-3)).toEqual(["--", "img", "--privileged"]);
  });

  test("a container without the app label is refused", () => {
    expect(() => containerCreateArgs({ image: "img", labels: { dokku: "" } })).toThrow("without the com.dokku.app-name label");
  });
});

describe("imageBuildArgs", () => {
  test("--force-rm, user flags, labels, file, build args and tags, then -- CONTEXT", () => {
    const args = imageBuildArgs({
      context: "/tmp/src",
      dockerfile: "/tmp/x/release.Dockerfile",
      tags: ["dokku/web:latest", "dokku/web:2"],
      labels: { ...APP, "com.dokku.image-stage": "release" },
      buildArgs: { APP_IMAGE: "dokku/web:latest", TRACE: "" },
      args: ["--build-arg", "SECRET", "--no-cache"],
    });
    expect(args).toEqual([
      "image", "build", "--force-rm",
      "--build-arg", "SECRET", "--no-cache",
      "--label=com.dokku.app-name=web", "--label=com.dokku.image-stage=release",
      "--file", "/tmp/x/release.Dockerfile",
      "--build-arg", "APP_IMAGE=dokku/web:latest", "--build-arg", "TRACE=",
      "--tag", "dokku/web:latest", "--tag", "dokku/web:2",
      "--", "/tmp/src",
    ]);
  });

  test("an image without the app label is refused", () => {
    expect(() => imageBuildArgs({ context: ".", tags: ["x"], labels: {} })).toThrow("without the com.dokku.app-name label");
  });
});

test("registry argv: the password never appears, operands follow --", () => {
  expect(imagePushArgs("127.0.0.1:5000/acme/web:3")).toEqual(["image", "push", "--", "127.0.0.1:5000/acme/web:3"]);
  expect(loginArgs("ghcr.io", "-odd user")).toEqual(["login", "--username=-odd user", "--password-stdin", "--", "ghcr.io"]);
  expect(logoutArgs("ghcr.io")).toEqual(["logout", "--", "ghcr.io"]);
});

test("imageLoadArgs reads the tarball from stdin", () => {
  expect(imageLoadArgs()).toEqual(["image", "load"]);
});

describe("containerAttachArgs and containerExecArgs", () => {
  test("start --attach adds --interactive only when asked; the id follows --", () => {
    expect(containerAttachArgs("abc")).toEqual(["container", "start", "--attach", "--", "abc"]);
    expect(containerAttachArgs("abc", { interactive: true })).toEqual(["container", "start", "--attach", "--interactive", "--", "abc"]);
  });

  test("exec: terminal flags only when asked, then -- ID and the command words as they are", () => {
    expect(containerExecArgs("abc", ["/exec", "echo", "a b"])).toEqual(["container", "exec", "--", "abc", "/exec", "echo", "a b"]);
    expect(containerExecArgs("abc", ["--privileged"], { interactive: true, tty: true })).toEqual([
      "container", "exec", "--interactive", "--tty", "--", "abc", "--privileged",
    ]);
  });

  test("exec refuses an empty command", () => {
    expect(() => containerExecArgs("abc", [])).toThrow("empty command");
  });
});
