import { describe, expect, test } from "bun:test";
import { memoryBytes, resourceFlags, validateValue, withMemoryUnit } from "../../../../plugins/resource/values.ts";

describe("resource values", () => {
  test("memory without a unit is megabytes", () => {
    expect(withMemoryUnit("256")).toBe("256m");
    expect(withMemoryUnit("1g")).toBe("1g");
    expect(withMemoryUnit("512M")).toBe("512M");
    expect(memoryBytes("6")).toBe(6 * 1024 ** 2);
    expect(memoryBytes("1kb")).toBe(1024);
    expect(memoryBytes("x")).toBeUndefined();
  });

  test("valid values pass", () => {
    for (const [key, value] of [["cpu", "0.5"], ["cpu", "2"], ["memory", "100"], ["memory", "1g"], ["memory-swap", "-1"], ["nvidia-gpu", "all"], ["nvidia-gpu", "2"], ["network", "10Mbps"], ["memory", "clear"]] as const) {
      expect(() => validateValue(key, value)).not.toThrow();
    }
  });

  test("bad values are one clear line naming the key", () => {
    expect(() => validateValue("cpu", "0")).toThrow('Invalid cpu value "0": expected a positive number of CPUs');
    expect(() => validateValue("cpu", "abc")).toThrow('Invalid cpu value "abc"');
    expect(() => validateValue("memory", "1")).toThrow("Docker requires at least 6m");
    expect(() => validateValue("memory", "12q")).toThrow('Invalid memory value "12q"');
    expect(() => validateValue("memory-swap", "-2")).toThrow('Invalid memory-swap value "-2"');
    expect(() => validateValue("nvidia-gpu", "0")).toThrow("expected a GPU count or all");
  });

  test("flags in a stable order; network and cpu reservations are not docker-local flags", () => {
    expect(
      resourceFlags({
        limit: { cpu: "1.5", memory: "256", "memory-swap": "512", "nvidia-gpu": "all", network: "10" },
        reserve: { memory: "128", cpu: "1" },
      }),
    ).toEqual(["--cpus=1.5", "--gpus=all", "--memory=256m", "--memory-swap=512m", "--memory-reservation=128m"]);
    expect(resourceFlags({ limit: { "memory-swap": "-1" }, reserve: {} })).toEqual(["--memory-swap=-1"]);
    expect(resourceFlags({ limit: {}, reserve: {} })).toEqual([]);
  });
});
