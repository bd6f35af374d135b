// Compiles a POSIX extended regular expression into the NFA libstdc++'s std::regex builds for
// it (Nix 2.8's `match`/`split`): the same states in the same shape, so that the backtracking
// executor (execute.ts) explores paths in the same order and keeps the same captures. The shape
// matters: `a{2,3}` is copies of `a` with "match more" repeat nodes, `(a|b)` a left-first
// alternative node, and every node counts toward std::regex's limit of 100,000 states.

import { isClass, lookupClassName, lookupCollatingName, toLowerByte } from "./ctype.js";
import { RegexSyntaxError, Scanner, Tok } from "./scanner.js";

export { RegexSyntaxError } from "./scanner.js";

/** Node kinds of the NFA. */
export const enum Op {
  /** Loop node: `alt` is "once more", `next` is "leave". */
  Repeat,
  /** Both branches are explored: `alt` first, then `next`. */
  Alternative,
  GroupBegin,
  GroupEnd,
  LineBegin,
  LineEnd,
  /** Consumes one byte equal to `arg`. */
  MatchChar,
  /** Consumes any byte but NUL (POSIX `.`). */
  MatchAny,
  /** Consumes one byte in `sets[arg]`. */
  MatchSet,
  Accept,
  /** Placeholder removed after compilation (never executed). */
  Dummy,
}

/** libstdc++'s _GLIBCXX_REGEX_STATE_LIMIT. */
const STATE_LIMIT = 100_000;

/** A compiled pattern: the NFA as parallel arrays indexed by node. */
export interface RegexProgram {
  readonly pattern: string;
  /** Number of groups, the whole match (group 0) included. */
  readonly groupCount: number;
  readonly op: Uint8Array;
  readonly next: Int32Array;
  readonly alt: Int32Array;
  /** Group index, byte, or set index, by `op`. */
  readonly arg: Int32Array;
  /** Byte sets of bracket expressions: 1 where the byte matches. */
  readonly sets: readonly Uint8Array[];
  /** Set when the pattern is a non-empty run of ordinary characters: the text it matches. */
  readonly literal: string | undefined;
  /** Bytes a match can begin with (1 = possible), and whether a match may be empty: a search
   * skips start positions where neither allows a match. */
  readonly firstBytes: Uint8Array;
  readonly nullable: boolean;
}

/** A fragment under construction: its first and last node. */
interface Seq {
  start: number;
  end: number;
}

/** An open group (or the whole pattern) while its alternatives are read. */
interface GroupFrame {
  /** The GroupBegin node. */
  begin: number;
  group: number;
  /** The alternatives read so far, joined. */
  disjunction: Seq | undefined;
  /** The terms of the alternative being read. */
  terms: Seq[];
}

const hasAlt = (op: number) => op === Op.Repeat || op === Op.Alternative;
const signedByte = (c: number) => (c >= 128 ? c - 256 : c);

class Compiler {
  readonly op: number[] = [];
  readonly next: number[] = [];
  readonly alt: number[] = [];
  readonly arg: number[] = [];
  readonly sets: Uint8Array[] = [];
  groups = 0;
  private readonly sc: Scanner;

  constructor(private readonly re: string) {
    this.sc = new Scanner(re);
  }

  private insert(op: Op, next = -1, alt = -1, arg = 0): number {
    this.op.push(op);
    this.next.push(next);
    this.alt.push(alt);
    this.arg.push(arg);
    if (this.op.length > STATE_LIMIT) throw new RegexSyntaxError(this.re, "space");
    return this.op.length - 1;
  }

  private append(seq: Seq, to: Seq | number): void {
    if (typeof to === "number") {
      this.next[seq.end] = to;
      seq.end = to;
    } else {
      this.next[seq.end] = to.start;
      seq.end = to.end;
    }
  }

  /** Consumes the current token if it is `t`. */
  private take(t: Tok): boolean {
    if (this.sc.tok !== t) return false;
    this.sc.advance();
    return true;
  }

  compile(): RegexProgram {
    const frames: GroupFrame[] = [this.openGroup()];
    for (;;) {
      const frame = frames[frames.length - 1]!;
      const term = this.term();
      if (term === "group") {
        frames.push(this.openGroup());
        continue;
      }
      if (term !== undefined) {
        frame.terms.push(term);
        continue;
      }
      // No further term: the alternative ends (with a placeholder node, as libstdc++ has).
      let seq: Seq = { start: this.insert(Op.Dummy), end: -1 };
      seq.end = seq.start;
      for (let i = frame.terms.length - 1; i >= 0; i--) {
        const t = frame.terms[i]!;
        this.append(t, seq);
        seq = t;
      }
      frame.terms = [];
      if (frame.disjunction !== undefined) {
        const left = frame.disjunction;
        const end = this.insert(Op.Dummy);
        this.append(left, end);
        this.append(seq, end);
        seq = { start: this.insert(Op.Alternative, seq.start, left.start), end };
      }
      frame.disjunction = seq;
      if (this.take(Tok.Or)) continue;
      frames.pop();
      const whole: Seq = { start: frame.begin, end: frame.begin };
      if (frames.length === 0) {
        if (!this.take(Tok.Eof)) this.sc.fail();
        this.append(whole, seq);
        this.append(whole, this.insert(Op.GroupEnd, -1, -1, frame.group));
        this.append(whole, this.insert(Op.Accept));
        return this.finish();
      }
      if (!this.take(Tok.SubEnd)) this.sc.fail();
      this.append(whole, seq);
      this.append(whole, this.insert(Op.GroupEnd, -1, -1, frame.group));
      frames[frames.length - 1]!.terms.push(this.quantifiers(whole));
    }
  }

  private openGroup(): GroupFrame {
    const group = this.groups++;
    return { begin: this.insert(Op.GroupBegin, -1, -1, group), group, disjunction: undefined, terms: [] };
  }

  /** Reads one term: an assertion, or an atom with its quantifiers. `"group"` when a group was
   * opened (its body is read by the caller), undefined when no term starts here. */
  private term(): Seq | "group" | undefined {
    const sc = this.sc;
    let node: number;
    switch (sc.tok) {
      case Tok.LineBegin:
      case Tok.LineEnd: {
        const op = sc.tok === Tok.LineBegin ? Op.LineBegin : Op.LineEnd;
        sc.advance();
        node = this.insert(op);
        return { start: node, end: node };
      }
      case Tok.Any:
        sc.advance();
        node = this.insert(Op.MatchAny);
        break;
      case Tok.Ord: {
        const c = sc.value.charCodeAt(0);
        sc.advance();
        node = this.insert(Op.MatchChar, -1, -1, c);
        break;
      }
      case Tok.SubBegin:
        sc.advance();
        return "group";
      case Tok.BracketBegin:
      case Tok.BracketNegBegin: {
        const negate = sc.tok === Tok.BracketNegBegin;
        sc.advance();
        const set = this.bracket(negate);
        this.sets.push(set);
        node = this.insert(Op.MatchSet, -1, -1, this.sets.length - 1);
        break;
      }
      default:
        return undefined;
    }
    return this.quantifiers({ start: node, end: node });
  }

  /** Applies the quantifiers that follow an atom. */
  private quantifiers(atom: Seq): Seq {
    let e = atom;
    for (;;) {
      if (this.take(Tok.Star)) {
        const r = this.insert(Op.Repeat, -1, e.start);
        this.append(e, r);
        e = { start: r, end: r };
      } else if (this.take(Tok.Plus)) {
        this.append(e, this.insert(Op.Repeat, -1, e.start));
      } else if (this.take(Tok.Opt)) {
        const end = this.insert(Op.Dummy);
        const r: Seq = { start: this.insert(Op.Repeat, -1, e.start), end: -1 };
        r.end = r.start;
        this.append(e, end);
        this.append(r, end);
        e = r;
      } else if (this.take(Tok.IntervalBegin)) e = this.interval(e);
      else return e;
    }
  }

  /** `{m}`, `{m,}` or `{m,n}` after an atom: m copies, then a loop or n-m optional copies. */
  private interval(atom: Seq): Seq {
    const sc = this.sc;
    if (sc.tok !== Tok.DupCount) sc.fail();
    const min = this.count(sc.value);
    sc.advance();
    let infinite = false;
    let extra = 0;
    if (this.take(Tok.Comma)) {
      if (sc.tok === Tok.DupCount) {
        extra = this.count(sc.value) - min;
        sc.advance();
      } else infinite = true;
    }
    if (!this.take(Tok.IntervalEnd)) sc.fail();
    const e: Seq = { start: this.insert(Op.Dummy), end: -1 };
    e.end = e.start;
    for (let i = 0; i < min; i++) this.append(e, this.clone(atom));
    if (infinite) {
      const body = this.clone(atom);
      const r = this.insert(Op.Repeat, -1, body.start);
      this.append(body, r);
      this.append(e, r);
      return e;
    }
    if (extra < 0) sc.fail();
    const end = this.insert(Op.Dummy);
    for (let i = 0; i < extra; i++) {
      // libstdc++ links "match more" through `alt` and "stop here" to the end through `next`.
      const body = this.clone(atom);
      const r = this.insert(Op.Repeat, end, body.start);
      this.append(e, { start: r, end: body.end });
    }
    this.append(e, end);
    return e;
  }

  /** A repeat count as libstdc++ reads it: digits accumulated in a 64-bit long, then narrowed
   * to a 32-bit int (so `{4294967297}` means 1 and `{2147483648}` is negative). */
  private count(digits: string): number {
    if (digits.length <= 9) return Number(digits);
    let v = 0n;
    for (const d of digits) v = BigInt.asIntN(64, v * 10n + BigInt(d.charCodeAt(0) - 48));
    return Number(BigInt.asIntN(32, v));
  }

  /** Copies a fragment (nodes reachable from its start, not past its end), in libstdc++'s
   * order, duplicates included: they count toward the state limit. */
  private clone(seq: Seq): Seq {
    const map = new Map<number, number>();
    const stack = [seq.start];
    while (stack.length > 0) {
      const u = stack.pop()!;
      const id = this.insert(this.op[u]!, this.next[u]!, this.alt[u]!, this.arg[u]!);
      map.set(u, id);
      const a = this.alt[u]!;
      if (hasAlt(this.op[u]!) && a !== -1 && !map.has(a)) stack.push(a);
      if (u === seq.end) continue;
      const n = this.next[u]!;
      if (n !== -1 && !map.has(n)) stack.push(n);
    }
    for (const id of map.values()) {
      const n = this.next[id]!;
      if (n !== -1) this.next[id] = map.get(n) ?? -1;
      const a = this.alt[id]!;
      if (hasAlt(this.op[id]!) && a !== -1) this.alt[id] = map.get(a) ?? -1;
    }
    return { start: map.get(seq.start)!, end: map.get(seq.end)! };
  }

  /** A bracket expression after `[` or `[^`, up to and including `]`: the bytes it matches. */
  private bracket(negate: boolean): Uint8Array {
    const sc = this.sc;
    const chars: number[] = [];
    const ranges: Array<[number, number]> = [];
    const equivs: number[] = [];
    let classes = 0;
    // The last single character, which a following `-` may turn into a range start; -1 for
    // none, -2 after a class (which cannot start a range).
    let last = -1;
    const pushChar = (c: number) => {
      if (last >= 0) chars.push(last);
      last = c;
    };
    const pushClass = () => {
      if (last >= 0) chars.push(last);
      last = -2;
    };
    const tryChar = (): number => {
      if (sc.tok !== Tok.Ord) return -1;
      const c = sc.value.charCodeAt(0);
      sc.advance();
      return c;
    };
    const range = (lo: number, hi: number) => {
      if (signedByte(lo) > signedByte(hi)) sc.fail();
      ranges.push([signedByte(lo), signedByte(hi)]);
      last = -1;
    };
    let c = tryChar();
    if (c >= 0) last = c;
    else if (this.take(Tok.BracketDash)) last = 0x2d;
    for (;;) {
      if (this.take(Tok.BracketEnd)) break;
      const tok = sc.tok;
      if (tok === Tok.CollSymbol || tok === Tok.EquivName || tok === Tok.ClassName) {
        const name = sc.value;
        sc.advance();
        if (tok === Tok.CollSymbol) {
          const b = lookupCollatingName(name);
          if (b < 0) sc.fail();
          chars.push(b);
          pushChar(b);
        } else if (tok === Tok.EquivName) {
          pushClass();
          const b = lookupCollatingName(name);
          if (b < 0) sc.fail();
          equivs.push(toLowerByte(b));
        } else {
          pushClass();
          const mask = lookupClassName(name);
          if (mask === 0) sc.fail();
          classes |= mask;
        }
      } else if ((c = tryChar()) >= 0) pushChar(c);
      else if (this.take(Tok.BracketDash)) {
        if (this.take(Tok.BracketEnd)) {
          pushChar(0x2d);
          break;
        }
        if (last < 0) sc.fail(); // after a class, or with no range start (POSIX)
        if ((c = tryChar()) >= 0) range(last, c);
        else if (this.take(Tok.BracketDash)) range(last, 0x2d);
        else sc.fail();
      } else sc.fail();
    }
    if (last >= 0) chars.push(last);
    const set = new Uint8Array(256);
    for (let b = 0; b < 256; b++) {
      const sb = signedByte(b);
      const hit =
        chars.includes(b) ||
        ranges.some(([lo, hi]) => lo <= sb && sb <= hi) ||
        isClass(b, classes) ||
        equivs.includes(toLowerByte(b));
      set[b] = hit !== negate ? 1 : 0;
    }
    return set;
  }

  /** What the nodes reachable from the start without consuming anything (assertions taken as
   * passable) can consume first, and whether the accept node is among them. */
  private starts(): { firstBytes: Uint8Array; nullable: boolean } {
    const firstBytes = new Uint8Array(256);
    let nullable = false;
    const seen = new Uint8Array(this.op.length);
    const todo = [0];
    seen[0] = 1;
    while (todo.length > 0) {
      const x = todo.pop()!;
      const op = this.op[x]!;
      if (op === Op.MatchChar) firstBytes[this.arg[x]!] = 1;
      else if (op === Op.MatchAny) firstBytes.fill(1, 1);
      else if (op === Op.MatchSet) this.sets[this.arg[x]!]!.forEach((b, i) => b && (firstBytes[i] = 1));
      else if (op === Op.Accept) nullable = true;
      else {
        for (const y of hasAlt(op) ? [this.next[x]!, this.alt[x]!] : [this.next[x]!])
          if (y >= 0 && !seen[y]) {
            seen[y] = 1;
            todo.push(y);
          }
      }
    }
    return { firstBytes, nullable };
  }

  /** Removes placeholder nodes from every path and freezes the arrays. */
  private finish(): RegexProgram {
    const { op, next, alt } = this;
    for (let i = 0; i < op.length; i++) {
      while (next[i]! >= 0 && op[next[i]!] === Op.Dummy) next[i] = next[next[i]!]!;
      if (hasAlt(op[i]!)) while (alt[i]! >= 0 && op[alt[i]!] === Op.Dummy) alt[i] = next[alt[i]!]!;
    }
    let literal: string | undefined;
    if (this.sc.onlyOrdinary && this.re !== "") {
      literal = "";
      for (let i = 0; i < op.length; i++) if (op[i] === Op.MatchChar) literal += String.fromCharCode(this.arg[i]!);
    }
    const { firstBytes, nullable } = this.starts();
    return {
      firstBytes,
      nullable,
      pattern: this.re,
      groupCount: this.groups,
      op: Uint8Array.from(op),
      next: Int32Array.from(next),
      alt: Int32Array.from(alt),
      arg: Int32Array.from(this.arg),
      sets: this.sets,
      literal,
    };
  }
}

/**
 * Compiles a pattern as std::regex(pattern, std::regex::extended) does in Nix 2.8.
 * @throws RegexSyntaxError when std::regex would throw regex_error.
 */
export function compileRegex(pattern: string): RegexProgram {
  return new Compiler(pattern).compile();
}
