// Quoting byte strings for the printers and serialisers (Nix values, JSON, `--parse`, ATerm):
// runs that need no escape are copied whole, and the result is joined from bounded batches, so a
// 100 MB string costs a few slices rather than 10^8 appends (which V8 cannot hold as a rope).

/** Returns the escape for char code `c` at `i` in `s`, or `undefined` to keep the char as is. */
export type EscapeOf = (c: number, s: string, i: number) => string | undefined;

/** `open + s (each char escaped by escapeOf) + close`. */
export function escapeString(s: string, escapeOf: EscapeOf, open = '"', close = '"'): string {
  // Most strings need no escape at all: no arrays for them.
  let first = 0;
  while (first < s.length && escapeOf(s.charCodeAt(first), s, first) === undefined) first++;
  if (first === s.length) return open + s + close;
  const pieces: string[] = [open];
  const batches: string[] = [];
  let run = 0;
  for (let i = first; i < s.length; i++) {
    const esc = escapeOf(s.charCodeAt(i), s, i);
    if (esc === undefined) continue;
    if (i > run) pieces.push(s.slice(run, i));
    pieces.push(esc);
    run = i + 1;
    if (pieces.length >= 8192) {
      batches.push(pieces.join(""));
      pieces.length = 0;
    }
  }
  pieces.push(run === 0 ? s : s.slice(run), close);
  if (batches.length === 0) return pieces.join("");
  batches.push(pieces.join(""));
  return batches.join("");
}
