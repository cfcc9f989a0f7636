import { MAX_SIZE_DRIVERS } from "./schema.ts";

/** The `--log-driver` a list of docker flags sets (the last one wins, as with docker itself). */
export function logDriverOf(words: readonly string[]): string | undefined {
  let driver: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word === "--log-driver") driver = words[++i];
    else if (word.startsWith("--log-driver=")) driver = word.slice("--log-driver=".length);
  }
  return driver;
}

/**
 * The `--log-opt=max-size=` fragment for a container, or nothing: `unlimited` omits the option,
 * and so does a log driver that does not take it (the app's `--log-driver` docker-option, else the
 * daemon's default driver when known).
 */
export function maxSizeFragment(maxSize: string, optionsDriver: string | undefined, daemonDriver: string | undefined): string | undefined {
  if (maxSize === "unlimited") return undefined;
  const driver = optionsDriver ?? daemonDriver;
  if (driver !== undefined && driver !== "" && !MAX_SIZE_DRIVERS.has(driver)) return undefined;
  return ` --log-opt=max-size=${maxSize}`;
}
