/**
 * Dokku's port detection for Dockerfile builds (reference 6.4): the first value of every
 * `EXPOSE` line, else the image's exposed ports; `N/udp` -> `udp:N:N`, `N[/tcp]` -> `http:N:N`
 * (`https:443:443`), nothing -> `http:80:5000`.
 */
export function dockerfileExposedPorts(dockerfile: string): string[] {
  const out: string[] = [];
  for (const line of dockerfile.replace(/\r/g, "").split("\n")) {
    const match = /^EXPOSE\s+(\S+)/.exec(line);
    if (match) out.push(match[1]!);
  }
  return out;
}

/** Port maps for `ports-set-detected` from exposed port specs (`5000`, `5000/tcp`, `53/udp`). */
export function detectedPortMaps(exposed: readonly string[]): string[] {
  const maps: string[] = [];
  for (const spec of exposed) {
    const match = /^(\d+)(?:\/(tcp|udp))?$/.exec(spec.trim());
    if (!match) continue; // `$PORT` and other build-time expressions cannot be mapped here
    const port = match[1]!;
    const map = match[2] === "udp" ? `udp:${port}:${port}` : port === "443" ? "https:443:443" : `http:${port}:${port}`;
    if (!maps.includes(map)) maps.push(map);
  }
  return maps;
}
