// "Did you mean ...?" as Nix 2.8 offers it for a missing attribute or an unexpected argument:
// the names closest to the one asked for by Levenshtein distance (at most 2), at most five,
// nearest first and then bytewise.

/** Levenshtein distance between two byte strings. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 0; i < a.length; i++) {
    const cur = [i + 1];
    for (let j = 0; j < b.length; j++)
      cur.push(Math.min(prev[j + 1]! + 1, cur[j]! + 1, prev[j]! + (a[i] === b[j] ? 0 : 1)));
    prev = cur;
  }
  return prev[b.length]!;
}

/** The names Nix would suggest instead of `query`. */
export function bestMatches(names: Iterable<string>, query: string): string[] {
  const scored = [...new Set(names)].map((n) => [distance(query, n), n] as const);
  scored.sort((x, y) => x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0));
  const out: string[] = [];
  for (const [d, n] of scored) {
    if (out.length >= 5 || d > 2) break;
    out.push(n);
  }
  return out;
}
