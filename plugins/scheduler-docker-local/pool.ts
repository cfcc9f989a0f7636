/**
 * Runs `fn` over `items` with at most `workers` at once, like GNU parallel's `--halt soon,fail=1`:
 * after the first failure no new item starts, the ones in flight finish, then the first error is
 * rethrown. Results keep the order of `items`.
 */
export async function runPool<T, R>(items: readonly T[], workers: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(workers, items.length)) }, worker));
  if (failure) throw failure.error;
  return results;
}
