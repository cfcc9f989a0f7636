/**
 * A reader that went away (`dokku ps:report APP | head -1`, a closed ssh session) ends the command
 * quietly with 141, the status of a process ended by SIGPIPE, as Dokku's bash would end; anything
 * half-done is left to the recovery every command already has after a kill.
 */
export function exitWhenReaderGone(): void {
  const gone = (error: unknown): boolean => (error as { code?: string } | null)?.code === "EPIPE";
  for (const stream of [process.stdout, process.stderr]) {
    // Deno reports it as an error event; Bun's write to a pipe throws it synchronously.
    stream.on("error", (error: unknown) => {
      if (gone(error)) process.exit(141); // nothing queued can reach a closed pipe: no flush to wait for
      throw error;
    });
    const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
    stream.write = ((...args: unknown[]) => {
      try {
        return write(...args);
      } catch (error) {
        if (gone(error)) process.exit(141); // nothing queued can reach a closed pipe: no flush to wait for
        throw error;
      }
    }) as typeof stream.write;
  }
}
