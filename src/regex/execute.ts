// Runs a compiled pattern the way libstdc++'s backtracking ("DFS") executor does, which is what
// Nix 2.8's `match` and `split` get from std::regex: every alternative is explored and the
// longest end wins (first found on ties), but a greedy loop whose body led to a solution never
// tries leaving early, and a loop may be re-entered at most twice at one position. The search is
// iterative, on an explicit stack, so long subjects cannot exhaust the JS stack.

import { Op, type RegexProgram } from "./compile.js";
import { computeLiveness } from "./liveness.js";

/** A step budget exceeded: the pattern backtracks too much on this subject. */
export class RegexComplexityError extends Error {
  constructor(readonly pattern: string) {
    super(`regular expression '${pattern}' is too complex for the subject`);
  }
}

/** Default number of NFA steps one `match` or `split` may take before giving up. */
export const DEFAULT_STEP_LIMIT = 1_000_000_000;

/** Options of one `match` or `split`. */
export interface ExecOptions {
  /** Steps before RegexComplexityError (default DEFAULT_STEP_LIMIT). */
  stepLimit?: number;
  /** Steps after which dead (node, position) pairs are computed and skipped (liveness.ts), so
   * that searches finishing sooner do not pay for the table. Default 2^16; 0 prunes from the
   * start, Infinity never. Results do not depend on it. */
  pruneAfter?: number;
}

/** The positions of one match: `[start, end]` of the whole match and of each group, -1 for a
 * group that did not take part. */
export interface MatchSpans {
  /** `2 * groupCount` entries: start and end of group i at 2i and 2i+1. */
  readonly spans: Int32Array;
}

// Frames of the explicit stack, four ints each: kind and three operands.
const F_VISIT = 0; // node, position
const F_REPEAT_NEXT = 1; // node, position: leave the loop unless a solution was found
const F_REP_RESTORE = 2; // node, old position, old count
const F_REP_DEC = 3; // node
const F_GROUP_FIRST = 4; // group, old start
const F_GROUP_END = 5; // group, old end, old matched
const F_ALT_NEXT = 6; // node, position: the right branch, with a fresh solution flag
const F_ALT_JOIN = 7; // saved solution flag

/** Flags of one search, as std::regex_search receives them. */
interface SearchFlags {
  /** match_prev_avail: the search start is not the start of the subject (`^` fails there). */
  prevAvail: boolean;
  /** match_not_null: an empty match is no match. */
  notNull: boolean;
  /** match_continuous: only a match starting at the search start counts. */
  continuous: boolean;
}

/** One executor per subject, reused for every search over it. */
class Executor {
  private end = 0;
  private readonly repPos: Int32Array;
  private readonly repCount: Int32Array;
  /** Captures along the current path: start, end per group, and a matched flag. */
  private readonly cur: Int32Array;
  private readonly curMatched: Uint8Array;
  /** Captures of the best solution so far. */
  readonly best: Int32Array;
  readonly bestMatched: Uint8Array;
  private stack: Int32Array = new Int32Array(1024);
  private steps = 0;
  /** Liveness tables for whole-subject and search runs: undefined until needed, null when too
   * large to build. */
  private liveExact: Uint8Array | null | undefined;
  private livePrefix: Uint8Array | null | undefined;
  private s = "";
  private stepLimit = DEFAULT_STEP_LIMIT;
  private pruneAfter = 1 << 16;
  /** Set while a run is in progress: a run cut short by an error leaves loop counts behind. */
  private running = false;

  constructor(private readonly p: RegexProgram) {
    const n = p.op.length;
    this.repPos = new Int32Array(n).fill(-1);
    this.repCount = new Int32Array(n);
    const g = p.groupCount;
    this.cur = new Int32Array(2 * g);
    this.curMatched = new Uint8Array(g);
    this.best = new Int32Array(2 * g);
    this.bestMatched = new Uint8Array(g);
  }

  /** Prepares for a new subject (executors are reused: matching allocates nothing then). */
  reset(s: string, options: ExecOptions): this {
    this.s = s;
    this.end = s.length;
    this.steps = 0;
    this.liveExact = this.livePrefix = undefined;
    this.stepLimit = options.stepLimit ?? DEFAULT_STEP_LIMIT;
    this.pruneAfter = options.pruneAfter ?? 1 << 16;
    if (this.running) {
      this.repPos.fill(-1);
      this.repCount.fill(0);
      this.running = false;
    }
    return this;
  }

  /** std::regex_search from `from`: true with `best` set when a match is found. */
  search(from: number, flags: SearchFlags): boolean {
    this.best.fill(-1);
    this.bestMatched.fill(0);
    // Start positions where no match can begin are skipped (nothing the run would do there
    // survives a failed run).
    const { firstBytes, nullable } = this.p;
    const { s, end } = this;
    const canStart = (at: number) => nullable || (at < end && firstBytes[s.charCodeAt(at)] === 1);
    if (canStart(from) && this.run(from, false, flags.prevAvail, flags.notNull)) return true;
    if (flags.continuous) return false;
    for (let begin = from + 1; begin <= end; begin++) if (canStart(begin) && this.run(begin, false, true, flags.notNull)) return true;
    return false;
  }

  /** std::regex_match: the whole subject. */
  matchWhole(): boolean {
    this.best.fill(-1);
    this.bestMatched.fill(0);
    return this.run(0, true, false, false);
  }

  /** One depth-first exploration from `begin` (libstdc++'s _M_main in DFS mode). */
  private run(begin: number, exact: boolean, prevAvail: boolean, notNull: boolean): boolean {
    const { op, next, alt, arg, sets } = this.p;
    const { s, end, repPos, repCount, cur, curMatched, best, bestMatched } = this;
    let stack: Int32Array = this.stack;
    let sp = 0;
    let hasSol = false;
    let solPos = -1;
    let steps = this.steps;
    const limit = this.stepLimit;
    const nodes = op.length;
    // Pruning starts once this run alone has taken `pruneAfter` steps.
    const pruneAt = steps + this.pruneAfter;
    let live = (exact ? this.liveExact : this.livePrefix) ?? null;
    if (live === null && steps >= pruneAt) live = this.liveness(exact);
    cur.set(best);
    curMatched.set(bestMatched);
    this.running = true;

    stack[sp++] = F_VISIT;
    stack[sp++] = 0;
    stack[sp++] = begin;
    stack[sp++] = 0;
    while (sp > 0) {
      sp -= 4;
      const kind = stack[sp]!;
      const a = stack[sp + 1]!;
      const b = stack[sp + 2]!;
      switch (kind) {
        case F_VISIT: {
          let node = a;
          let pos = b;
          // Follow one path; branches push what remains to be tried (at most two frames a step).
          visit: for (;;) {
            if ((++steps & 0xffff) === 0) {
              if (steps > limit) throw new RegexComplexityError(this.p.pattern);
              if (live === null && steps >= pruneAt) live = this.liveness(exact);
            }
            if (live !== null && live[pos * nodes + node] === 0) break visit;
            if (sp + 8 > stack.length) stack = this.grow();
            switch (op[node]) {
              case Op.MatchChar:
                if (pos === end || s.charCodeAt(pos) !== arg[node]) break visit;
                pos++;
                node = next[node]!;
                continue;
              case Op.MatchAny:
                if (pos === end || s.charCodeAt(pos) === 0) break visit;
                pos++;
                node = next[node]!;
                continue;
              case Op.MatchSet:
                if (pos === end || sets[arg[node]!]![s.charCodeAt(pos)] === 0) break visit;
                pos++;
                node = next[node]!;
                continue;
              case Op.GroupBegin: {
                const g = arg[node]!;
                stack[sp++] = F_GROUP_FIRST;
                stack[sp++] = g;
                stack[sp++] = cur[2 * g]!;
                sp++;
                cur[2 * g] = pos;
                node = next[node]!;
                continue;
              }
              case Op.GroupEnd: {
                const g = arg[node]!;
                stack[sp++] = F_GROUP_END;
                stack[sp++] = g;
                stack[sp++] = cur[2 * g + 1]!;
                stack[sp++] = curMatched[g]!;
                cur[2 * g + 1] = pos;
                curMatched[g] = 1;
                node = next[node]!;
                continue;
              }
              case Op.LineBegin:
                if (pos !== begin || prevAvail) break visit;
                node = next[node]!;
                continue;
              case Op.LineEnd:
                if (pos !== end) break visit;
                node = next[node]!;
                continue;
              case Op.Alternative:
                stack[sp++] = F_ALT_NEXT;
                stack[sp++] = node;
                stack[sp++] = pos;
                sp++;
                node = alt[node]!;
                continue;
              case Op.Repeat:
                stack[sp++] = F_REPEAT_NEXT;
                stack[sp++] = node;
                stack[sp++] = pos;
                sp++;
                if (repCount[node] === 0 || repPos[node] !== pos) {
                  stack[sp++] = F_REP_RESTORE;
                  stack[sp++] = node;
                  stack[sp++] = repPos[node]!;
                  stack[sp++] = repCount[node]!;
                  repPos[node] = pos;
                  repCount[node] = 1;
                } else if (repCount[node]! < 2) {
                  stack[sp++] = F_REP_DEC;
                  stack[sp++] = node;
                  sp += 2;
                  repCount[node]!++;
                } else break visit;
                node = alt[node]!;
                continue;
              case Op.Accept:
                hasSol = exact ? pos === end : true;
                if (pos === begin && notNull) hasSol = false;
                if (hasSol && (solPos < 0 || solPos < pos)) {
                  solPos = pos;
                  best.set(cur);
                  bestMatched.set(curMatched);
                }
                break visit;
              default:
                break visit;
            }
          }
          break;
        }
        case F_REPEAT_NEXT:
        case F_ALT_NEXT:
          if (kind === F_ALT_NEXT) {
            if (sp + 8 > stack.length) stack = this.grow();
            stack[sp] = F_ALT_JOIN;
            stack[sp + 1] = hasSol ? 1 : 0;
            sp += 4;
            hasSol = false;
          } else if (hasSol) break;
          // Reuse the popped frame's slot: the branch to try next.
          stack[sp] = F_VISIT;
          stack[sp + 1] = next[a]!;
          stack[sp + 2] = b;
          sp += 4;
          break;
        case F_REP_RESTORE:
          repPos[a] = b;
          repCount[a] = stack[sp + 3]!;
          break;
        case F_REP_DEC:
          repCount[a]!--;
          break;
        case F_GROUP_FIRST:
          cur[2 * a] = b;
          break;
        case F_GROUP_END:
          cur[2 * a + 1] = b;
          curMatched[a] = stack[sp + 3]!;
          break;
        case F_ALT_JOIN:
          if (a) hasSol = true;
          break;
      }
    }
    this.steps = steps;
    this.running = false;
    return hasSol;
  }

  /** The liveness table of a mode, built on first use (null if too large). */
  private liveness(exact: boolean): Uint8Array | null {
    if (exact) return this.liveExact === undefined ? (this.liveExact = computeLiveness(this.p, this.s, true)) : this.liveExact;
    return this.livePrefix === undefined ? (this.livePrefix = computeLiveness(this.p, this.s, false)) : this.livePrefix;
  }

  /** Doubles the explicit stack, keeping its content. */
  private grow(): Int32Array {
    const bigger = new Int32Array(this.stack.length * 2);
    bigger.set(this.stack);
    return (this.stack = bigger);
  }

  /** The captures of the last successful search or match. */
  spans(): MatchSpans {
    const spans = new Int32Array(this.best.length);
    this.copySpans(spans, 0);
    return { spans };
  }

  /** Writes the captures of the last success into `to` at `at` (-1 for groups without part). */
  copySpans(to: Int32Array, at: number): void {
    const { best, bestMatched } = this;
    for (let g = 0; g < bestMatched.length; g++) {
      const m = bestMatched[g] === 1;
      to[at + 2 * g] = m ? best[2 * g]! : -1;
      to[at + 2 * g + 1] = m ? best[2 * g + 1]! : -1;
    }
  }
}

const executors = new WeakMap<RegexProgram, Executor>();

/** The executor of a program, made once (a search never runs Nix code, so it cannot nest). */
function executorFor(p: RegexProgram): Executor {
  let ex = executors.get(p);
  if (ex === undefined) executors.set(p, (ex = new Executor(p)));
  return ex;
}

/** std::regex_match of the whole subject: the captures, or null when it does not match. */
export function matchWhole(p: RegexProgram, s: string, options: ExecOptions = {}): MatchSpans | null {
  if (p.literal !== undefined) {
    if (s !== p.literal) return null;
    const spans = new Int32Array(2 * p.groupCount);
    spans[1] = s.length;
    return { spans };
  }
  const ex = executorFor(p).reset(s, options);
  return ex.matchWhole() ? ex.spans() : null;
}

/** The matches of a search, stored flat: for each, the start of the text before it (the end of
 * the previous match), then start and end of every group (-1 for a group without part). */
export class MatchList {
  count = 0;
  private data: Int32Array;
  private readonly stride: number;

  constructor(readonly groupCount: number) {
    this.stride = 1 + 2 * groupCount;
    this.data = new Int32Array(16 * this.stride);
  }

  /** Start of the text between the previous match (or the subject's start) and match `i`. */
  prefixStart(i: number): number {
    return this.data[i * this.stride]!;
  }
  /** Start of group `g` (0: the whole match) of match `i`, or -1. */
  start(i: number, g: number): number {
    return this.data[i * this.stride + 1 + 2 * g]!;
  }
  /** End of group `g` of match `i`, or -1. */
  end(i: number, g: number): number {
    return this.data[i * this.stride + 2 + 2 * g]!;
  }

  /** Appends a match: returns the offset where its spans go. */
  add(prefixStart: number): number {
    if ((this.count + 1) * this.stride > this.data.length) {
      const bigger = new Int32Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    const at = this.count++ * this.stride;
    this.data[at] = prefixStart;
    return at + 1;
  }

  /** The span storage, for writers that fill a match after add(). */
  get buffer(): Int32Array {
    return this.data;
  }
}

/**
 * The matches std::sregex_iterator visits over `s`: the first search from the start, then each
 * next from the end of the previous match, where after an empty match a non-empty match at the
 * same place is tried first and otherwise the search moves on by one byte.
 */
export function searchAll(p: RegexProgram, s: string, options: ExecOptions = {}): MatchList {
  const out = new MatchList(p.groupCount);
  if (p.literal !== undefined) {
    // Non-overlapping occurrences, leftmost first.
    const lit = p.literal;
    let prev = 0;
    for (let i = s.indexOf(lit); i >= 0; i = s.indexOf(lit, prev)) {
      const at = out.add(prev);
      out.buffer.fill(-1, at, at + 2 * p.groupCount);
      out.buffer[at] = i;
      out.buffer[at + 1] = prev = i + lit.length;
    }
    return out;
  }
  const ex = executorFor(p).reset(s, options);
  const flags: SearchFlags = { prevAvail: false, notNull: false, continuous: false };
  const emptyRetry: SearchFlags = { prevAvail: false, notNull: true, continuous: true };
  if (!ex.search(0, flags)) return out;
  let prefixStart = 0;
  for (;;) {
    const at = out.add(prefixStart); // may reallocate the buffer: read it after
    ex.copySpans(out.buffer, at);
    const i = out.count - 1;
    const start = out.start(i, 0);
    const stop = out.end(i, 0);
    prefixStart = stop;
    let from = stop;
    if (start === stop) {
      if (stop === s.length) break;
      emptyRetry.prevAvail = flags.prevAvail;
      if (ex.search(stop, emptyRetry)) continue;
      from++;
    }
    flags.prevAvail = true;
    if (!ex.search(from, flags)) break;
  }
  return out;
}
