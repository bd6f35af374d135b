// Which (node, position) pairs can still lead to an accepting end, ignoring everything the
// backtracking executor tracks besides the NFA's edges (loop counts, captures). A path from a
// dead pair cannot reach an accept, and the executor restores all it changes on the way back,
// so skipping dead pairs changes no result: it only cuts exponential searches that fail.

import { Op, type RegexProgram } from "./compile.js";

/** Largest table (nodes × (subject length + 1) bytes) worth building. */
export const MAX_LIVENESS_CELLS = 32_000_000;

/** For each node, the nodes with an empty (non-consuming) edge to it. */
function emptyEdgePredecessors(p: RegexProgram): Int32Array[] {
  const n = p.op.length;
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (let x = 0; x < n; x++) {
    const op = p.op[x]!;
    if (op === Op.MatchChar || op === Op.MatchAny || op === Op.MatchSet || op === Op.Accept || op === Op.Dummy) continue;
    if (p.next[x]! >= 0) lists[p.next[x]!]!.push(x);
    if ((op === Op.Repeat || op === Op.Alternative) && p.alt[x]! >= 0) lists[p.alt[x]!]!.push(x);
  }
  return lists.map((l) => Int32Array.from(l));
}

/**
 * `live[pos * nodes + node]` is 1 when some path from `node` at `pos` reaches the accept node:
 * at the end of `s` when `exact`, anywhere otherwise. `^` is taken as passable everywhere (an
 * over-approximation, which is safe). Null when the table would exceed MAX_LIVENESS_CELLS.
 */
export function computeLiveness(p: RegexProgram, s: string, exact: boolean): Uint8Array | null {
  const n = p.op.length;
  const len = s.length;
  if (n * (len + 1) > MAX_LIVENESS_CELLS) return null;
  const { op, next, arg, sets } = p;
  const preds = emptyEdgePredecessors(p);
  const live = new Uint8Array(n * (len + 1));
  const work = new Int32Array(n);
  for (let pos = len; pos >= 0; pos--) {
    const row = pos * n;
    const c = pos < len ? s.charCodeAt(pos) : -1;
    let top = 0;
    // Seeds: accepting here, or consuming the byte at `pos` into a live node of the next row.
    for (let x = 0; x < n; x++) {
      let seed = false;
      switch (op[x]) {
        case Op.Accept:
          seed = !exact || pos === len;
          break;
        case Op.MatchChar:
          seed = c === arg[x] && live[row + n + next[x]!] === 1;
          break;
        case Op.MatchAny:
          seed = c > 0 && live[row + n + next[x]!] === 1;
          break;
        case Op.MatchSet:
          seed = c >= 0 && sets[arg[x]!]![c] === 1 && live[row + n + next[x]!] === 1;
          break;
      }
      if (seed) {
        live[row + x] = 1;
        work[top++] = x;
      }
    }
    // Spread backwards along empty edges (`$` passes only at the end).
    while (top > 0) {
      const y = work[--top]!;
      const ps = preds[y]!;
      for (let i = 0; i < ps.length; i++) {
        const x = ps[i]!;
        if (live[row + x] === 1 || (op[x] === Op.LineEnd && pos !== len)) continue;
        live[row + x] = 1;
        work[top++] = x;
      }
    }
  }
  return live;
}
