import { expect, test } from "bun:test";
import { restartOption } from "../../../../plugins/ps/migrate.ts";

test("restartOption reads --restart=P and --restart P; other options are not restart options", () => {
  expect(restartOption("--restart=always")).toBe("always");
  expect(restartOption("--restart on-failure:5")).toBe("on-failure:5");
  expect(restartOption("--restart")).toBe("");
  expect(restartOption("--restarts=3")).toBeUndefined();
  expect(restartOption("--shm-size 64m")).toBeUndefined();
  expect(restartOption("-e RESTART=--restart=always")).toBeUndefined();
});
