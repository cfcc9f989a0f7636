// A bounded request loop through nginx on 127.0.0.1: a few workers, a new connection per request
// (no keep-alive can hide a dropped connection), a hard cap on requests and on time.
import { request } from "node:http";

export interface LoadResult {
  requests: number;
  failed: number;
  /** The first few failures, e.g. `502`, `ECONNRESET`. */
  failures: string[];
  /** When each of the first failures began and how long it took (ISO time, ms), to line up with a deploy's steps. */
  failureTimes: string[];
  maxMs: number;
  p99Ms: number;
}

export interface LoadOptions {
  port: number;
  host: string;
  workers?: number;
  maxRequests?: number;
  maxMs?: number;
  timeoutMs?: number;
}

function once(port: number, host: string, timeoutMs: number): Promise<{ ok: boolean; why: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const done = (ok: boolean, why: string) => resolve({ ok, why, ms: performance.now() - started });
    const req = request({ host: "127.0.0.1", port, path: "/", headers: { Host: host }, agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => done(res.statusCode === 200, String(res.statusCode)));
      res.on("error", (error) => done(false, error.message));
    });
    req.on("timeout", () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on("error", (error: NodeJS.ErrnoException) => done(false, error.code ?? error.message));
    req.end();
  });
}

/** Starts the loop; `stop()` ends it and returns the counts. It also ends by itself at its caps. */
export function startLoad(options: LoadOptions): { stop(): Promise<LoadResult> } {
  const maxRequests = options.maxRequests ?? 400_000;
  const deadline = Date.now() + (options.maxMs ?? 30 * 60_000);
  const result: LoadResult = { requests: 0, failed: 0, failures: [], failureTimes: [], maxMs: 0, p99Ms: 0 };
  const latencies: number[] = [];
  let stopped = false;
  const worker = async () => {
    while (!stopped && result.requests < maxRequests && Date.now() < deadline) {
      const at = new Date().toISOString();
      const r = await once(options.port, options.host, options.timeoutMs ?? 10_000);
      result.requests++;
      latencies.push(r.ms);
      result.maxMs = Math.max(result.maxMs, r.ms);
      if (!r.ok) {
        result.failed++;
        if (result.failures.length < 10) result.failures.push(r.why);
        if (result.failureTimes.length < 100) result.failureTimes.push(`${at} ${r.why} ${r.ms.toFixed(0)} ms`);
      }
    }
  };
  const all = Promise.all(Array.from({ length: options.workers ?? 4 }, worker));
  return {
    async stop() {
      stopped = true;
      await all;
      latencies.sort((a, b) => a - b);
      result.p99Ms = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
      return result;
    },
  };
}
