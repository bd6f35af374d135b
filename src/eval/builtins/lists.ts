// List builtins of Nix 2.8: length, head, tail, elemAt, elem, filter, map, foldl', genList, sort,
// concatLists, concatMap, any, all, partition and groupBy. Arguments are forced in Nix's order
// (entries are `lazy` where Nix forces late or not at all); results are always new arrays, and
// `sort` makes exactly the comparator calls of libstdc++'s std::stable_sort, as Nix 2.8 does.

import { EvalError } from "../../errors.js";
import { typeError } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { NixAttrs, PrimOp, valuePosition, withCapacity, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";
import type { NixVersion } from "../../nix-version.js";
import { boolIn, inContext, listIn } from "./value-contexts.js";
import { stringNoCtxIn } from "./string-context.js";

/** Where the versions' list builtins check differently. */
interface ListRules {
  /** filter and sort check the list first and return an empty one without looking at the
   * function (2.26); 2.8 checks the function first. */
  readonly listFirst: boolean;
  /** map (of a non-empty list) and genList check that the function is one (2.26); 2.8 fails
   * only when an element calls it. */
  readonly checksFunction: boolean;
  readonly emptyList: (name: "head" | "tail") => string;
  readonly outOfBounds: (n: number, size: number) => string;
}

const LIST_RULES: Readonly<Record<NixVersion, ListRules>> = {
  "2.8": {
    listFirst: false,
    checksFunction: false,
    emptyList: (name) => (name === "head" ? "list index 0 is out of bounds" : "'tail' called on an empty list"),
    outOfBounds: (n) => `list index ${n} is out of bounds`,
  },
  "2.26": {
    listFirst: true,
    checksFunction: true,
    emptyList: (name) => `'builtins.${name}' called on an empty list`,
    outOfBounds: (n, size) => `'builtins.elemAt' called with index ${n} on a list of size ${size}`,
  },
};

function length(args: Value[], ctx: EvalContext): Value {
  return ctx.forceList(args[0]!).length;
}

function head(args: Value[], ctx: EvalContext): Value {
  const l = ctx.forceList(args[0]!);
  if (l.length === 0) throw new EvalError(LIST_RULES[ctx.nixVersion].emptyList("head"));
  return l[0]!;
}

function tail(args: Value[], ctx: EvalContext): Value {
  const l = ctx.forceList(args[0]!);
  if (l.length === 0) throw new EvalError(LIST_RULES[ctx.nixVersion].emptyList("tail"));
  return l.slice(1);
}

function elemAt(args: Value[], ctx: EvalContext): Value {
  // Nix 2.8 forces the index before the list, and passes it on as a C `int`: only its low 32
  // bits count (4294967296 is index 0).
  const n = Number(BigInt.asIntN(32, BigInt(ctx.forceInt(args[1]!))));
  const l = ctx.forceList(args[0]!);
  if (n < 0 || n >= l.length) throw new EvalError(LIST_RULES[ctx.nixVersion].outOfBounds(n, l.length));
  return l[n]!;
}

function elem(args: Value[], ctx: EvalContext): Value {
  const l = ctx.forceList(args[1]!);
  for (const e of l) if (ctx.equals(args[0]!, e)) return true;
  return false;
}

/** The function and list arguments of filter and sort, checked in the version's order. */
function functionAndList(args: Value[], ctx: EvalContext): [Value, Value[]] {
  if (LIST_RULES[ctx.nixVersion].listFirst) {
    const l = ctx.forceList(args[1]!);
    return [l.length === 0 ? null : ctx.forceFunction(args[0]!), l];
  }
  const f = ctx.forceFunction(args[0]!);
  return [f, ctx.forceList(args[1]!)];
}

const FILTER_RESULT = "while evaluating the return value of the filtering function passed to builtins.filter";

function filter(args: Value[], ctx: EvalContext): Value {
  const [f, l] = functionAndList(args, ctx);
  const out: Value[] = [];
  for (const e of l) if (boolIn(ctx, ctx.callUnsited(f, e), FILTER_RESULT)) out.push(e);
  // Keeping every element, Nix returns the list itself (so printing sees it as «repeated»).
  return out.length === l.length ? l : out;
}

function map(args: Value[], ctx: EvalContext): Value {
  const f = args[0]!;
  const l = ctx.forceList(args[1]!);
  if (l.length > 0 && LIST_RULES[ctx.nixVersion].checksFunction) ctx.forceFunction(f);
  // push, not `new Array(n)`: V8 gives large preallocated arrays slow dictionary elements.
  const out: Value[] = [];
  for (let i = 0; i < l.length; i++) out.push(ctx.lazyApply(f, l[i]!));
  return out;
}

function foldlStrict(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  const l = ctx.forceList(args[2]!);
  if (l.length === 0) return ctx.force(args[1]!);
  let acc: Value = args[1]!;
  for (const e of l) acc = ctx.call(f, acc, e);
  return acc;
}

/** The longest list `genList` builds (2^25 elements). */
export const MAX_LIST_LENGTH = 2 ** 25;

function genList(args: Value[], ctx: EvalContext): Value {
  const n = ctx.forceInt(args[1]!);
  if (LIST_RULES[ctx.nixVersion].checksFunction) ctx.forceFunction(args[0]!);
  if (n < 0) throw new EvalError(`cannot create list of size ${n}`);
  // Beyond this the JS heap would be exhausted (a fatal, uncatchable error): fail as Nix does
  // when it runs out of memory instead.
  if (typeof n !== "number" || n > MAX_LIST_LENGTH) throw new EvalError("out of memory");
  const f = args[0]!;
  const out: Value[] = [];
  for (let i = 0; i < n; i++) out.push(ctx.lazyApply(f, i));
  return out;
}

/**
 * Sorts `a` in place, making exactly the `less(x, y)` calls libstdc++'s `std::stable_sort` makes
 * when it gets its temporary buffer (always, in practice): two halves, each sorted by insertion
 * sort on runs of 7 and then merged through the buffer, then an adaptive merge of the halves.
 * Comparators that are not strict weak orders therefore give Nix's results too.
 */
export function stableSort<T>(a: T[], less: (x: T, y: T) => boolean): void {
  const n = a.length;
  if (n < 2) return;
  const buf: T[] = a.slice(0, (n + 1) >> 1); // a packed array (see map: no `new Array(n)`)
  const mid = (n + 1) >> 1;
  mergeSortWithBuffer(a, 0, mid, buf, less);
  mergeSortWithBuffer(a, mid, n, buf, less);
  mergeAdaptive(a, 0, mid, n, buf, less);
}

const CHUNK = 7;

function insertionSort<T>(a: T[], first: number, last: number, less: (x: T, y: T) => boolean): void {
  for (let i = first + 1; i < last; i++) {
    const v = a[i]!;
    if (less(v, a[first]!)) {
      for (let k = i; k > first; k--) a[k] = a[k - 1]!;
      a[first] = v;
    } else {
      // libstdc++'s unguarded insert; the `j > first` guard only matters for comparators that
      // would make C++ read before the range (undefined behaviour there).
      let j = i;
      while (j > first && less(v, a[j - 1]!)) {
        a[j] = a[j - 1]!;
        j--;
      }
      a[j] = v;
    }
  }
}

/** Merges src[f1,l1) and src[f2,l2) into dst from `out`; returns the end of the output. */
function moveMerge<T>(
  src: T[],
  f1: number,
  l1: number,
  f2: number,
  l2: number,
  dst: T[],
  out: number,
  less: (x: T, y: T) => boolean,
): number {
  while (f1 !== l1 && f2 !== l2) {
    if (less(src[f2]!, src[f1]!)) dst[out++] = src[f2++]!;
    else dst[out++] = src[f1++]!;
  }
  while (f1 !== l1) dst[out++] = src[f1++]!;
  while (f2 !== l2) dst[out++] = src[f2++]!;
  return out;
}

function mergeSortLoop<T>(
  src: T[],
  first: number,
  last: number,
  dst: T[],
  out: number,
  step: number,
  less: (x: T, y: T) => boolean,
): void {
  const two = 2 * step;
  while (last - first >= two) {
    out = moveMerge(src, first, first + step, first + step, first + two, dst, out, less);
    first += two;
  }
  const s = Math.min(last - first, step);
  moveMerge(src, first, first + s, first + s, last, dst, out, less);
}

function mergeSortWithBuffer<T>(a: T[], first: number, last: number, buf: T[], less: (x: T, y: T) => boolean): void {
  const len = last - first;
  let f = first;
  while (last - f >= CHUNK) {
    insertionSort(a, f, f + CHUNK, less);
    f += CHUNK;
  }
  insertionSort(a, f, last, less);
  let step = CHUNK;
  while (step < len) {
    mergeSortLoop(a, first, last, buf, 0, step, less);
    step *= 2;
    mergeSortLoop(buf, 0, len, a, first, step, less);
    step *= 2;
  }
}

function mergeAdaptive<T>(a: T[], first: number, mid: number, last: number, buf: T[], less: (x: T, y: T) => boolean): void {
  const len1 = mid - first;
  const len2 = last - mid;
  if (len1 <= len2) {
    for (let i = 0; i < len1; i++) buf[i] = a[first + i]!;
    // Forward merge of buf[0,len1) with a[mid,last) into a from `first`.
    let b = 0;
    let m = mid;
    let out = first;
    while (b !== len1 && m !== last) {
      if (less(a[m]!, buf[b]!)) a[out++] = a[m++]!;
      else a[out++] = buf[b++]!;
    }
    while (b !== len1) a[out++] = buf[b++]!;
  } else {
    for (let i = 0; i < len2; i++) buf[i] = a[mid + i]!;
    // Backward merge of a[first,mid) with buf[0,len2) into a ending at `last`.
    if (len2 === 0) return;
    let l1 = mid - 1;
    let l2 = len2 - 1;
    let out = last;
    for (;;) {
      if (less(buf[l2]!, a[l1]!)) {
        a[--out] = a[l1]!;
        if (l1 === first) {
          while (l2 >= 0) a[--out] = buf[l2--]!;
          return;
        }
        l1--;
      } else {
        a[--out] = buf[l2]!;
        if (l2 === 0) return;
        l2--;
      }
    }
  }
}

const SORT_RESULT = "while evaluating the return value of the sorting function passed to builtins.sort";

function sort(args: Value[], ctx: EvalContext): Value {
  const [f, l] = functionAndList(args, ctx);
  const out: Value[] = [];
  for (let i = 0; i < l.length; i++) out.push(ctx.force(l[i]!));
  // Like Nix, compare directly when the comparator is `builtins.lessThan` itself.
  const less =
    f instanceof PrimOp && f.name === "lessThan"
      ? (x: Value, y: Value) => ctx.lessThan(x, y)
      : (x: Value, y: Value) => boolIn(ctx, ctx.call(f, x, y), SORT_RESULT);
  stableSort(out, less);
  return out;
}

function concatLists(args: Value[], ctx: EvalContext): Value {
  const ls = ctx.forceList(args[0]!);
  const out: Value[] = [];
  let nonEmpty: Value[] | null = null;
  for (const l of ls) {
    const xs = listIn(ctx, l, "while evaluating a value of the list passed to builtins.concatLists");
    if (xs.length > 0) nonEmpty = xs;
    for (const e of xs) out.push(e);
  }
  // As in Nix, one non-empty list among empty ones is returned itself.
  return nonEmpty !== null && nonEmpty.length === out.length ? nonEmpty : out;
}

/** The context of a concatMap result that is no list (at the function), by version; 2.8 has
 * its own `while invoking` line instead. */
const CONCAT_MAP_RESULT: Readonly<Record<NixVersion, string | null>> = {
  "2.8": null,
  "2.26": "while evaluating the return value of the function passed to builtins.concatMap",
};

function concatMap(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  const l = ctx.forceList(args[1]!);
  const out: Value[] = [];
  for (const e of l) {
    const r = ctx.call(f, e);
    if (!Array.isArray(r)) {
      if (CONCAT_MAP_RESULT[ctx.nixVersion] !== null) throw inContext(ctx, typeError("a list", r), CONCAT_MAP_RESULT[ctx.nixVersion]!, valuePosition(ctx.force(args[0]!), undefined, ctx.emptySetSpan));
      const err = typeError("a list", r);
      err.span = valuePosition(r, valuePosition(ctx.force(args[0]!), ctx.currentSpan(), ctx.emptySetSpan), ctx.emptySetSpan);
      if (err.span === undefined) err.positionless = true;
      throw err.addTrace("while invoking 'concatMap'", ctx.currentSpan());
    }
    for (const x of r) out.push(x);
  }
  return out;
}

function any(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  for (const e of ctx.forceList(args[1]!)) if (boolIn(ctx, ctx.call(f, e), "while evaluating the return value of the function passed to builtins.any")) return true;
  return false;
}

function all(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  for (const e of ctx.forceList(args[1]!)) if (!boolIn(ctx, ctx.call(f, e), "while evaluating the return value of the function passed to builtins.all")) return false;
  return true;
}

const PARTITION_RESULT = "while evaluating the return value of the partition function passed to builtins.partition";

function partition(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  const right: Value[] = [];
  const wrong: Value[] = [];
  // Nix forces each element before it calls the predicate on it.
  for (const e of ctx.forceList(args[1]!)) (boolIn(ctx, ctx.call(f, ctx.force(e)), PARTITION_RESULT) ? right : wrong).push(e);
  return ctx.makeAttrs([
    ["right", right],
    ["wrong", wrong],
  ]);
}

function groupBy(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  const groups = new Map<string, Value[]>();
  for (const e of ctx.forceList(args[1]!)) {
    const k = stringNoCtxIn(ctx, ctx.call(f, e), "while evaluating the return value of the grouping function passed to builtins.groupBy");
    const g = groups.get(k);
    if (g) g.push(e);
    else groups.set(k, [e]);
  }
  return withCapacity(new NixAttrs(groups as Map<string, Value>), groups.size);
}

/** The list builtins. */
export const listBuiltins: BuiltinDef[] = [
  { name: "length", arity: 1, impl: length, doc: "The number of elements of a list." },
  { name: "head", argContexts: ["the first argument passed to 'builtins.head'"], arity: 1, impl: head, doc: "The first element of a list." },
  { name: "tail", argContexts: ["the first argument passed to 'builtins.tail'"], arity: 1, impl: tail, doc: "A list without its first element." },
  { name: "elemAt", argContexts: ["the first argument passed to 'builtins.elemAt'", "the second argument passed to 'builtins.elemAt'"], arity: 2, impl: elemAt, lazy: true, doc: "`elemAt list n`: element `n` (from 0) of a list." },
  { name: "elem", argContexts: ["", "the second argument passed to builtins.elem"], arity: 2, impl: elem, lazy: true, doc: "`elem x list`: whether `x` equals an element of `list`." },
  { name: "filter", arity: 2, impl: filter, lazy: true, doc: "The elements of a list for which a predicate is true." },
  { name: "map", arity: 2, impl: map, lazy: true, doc: "`map f list`: `f` applied (lazily) to each element." },
  {
    name: "foldl'", argContexts: ["the first argument passed to builtins.foldlStrict", "the second argument passed to builtins.foldlStrict", "the third argument passed to builtins.foldlStrict"],
    arity: 3,
    impl: foldlStrict,
    lazy: true,
    doc: "`foldl' op nul list`: left fold, forcing the accumulator at each step.",
  },
  { name: "genList", arity: 2, impl: genList, lazy: true, doc: "`genList f n`: `[ (f 0) ... (f (n - 1)) ]`, lazily." },
  { name: "sort", arity: 2, impl: sort, lazy: true, doc: "`sort less list`: a stable sort by a less-than function." },
  { name: "concatLists", arity: 1, impl: concatLists, doc: "The concatenation of a list of lists." },
  { name: "concatMap", arity: 2, impl: concatMap, lazy: true, doc: "`concatMap f list`: `concatLists (map f list)`." },
  { name: "any", arity: 2, impl: any, lazy: true, doc: "Whether a predicate holds for some element of a list." },
  { name: "all", arity: 2, impl: all, lazy: true, doc: "Whether a predicate holds for every element of a list." },
  {
    name: "partition",
    arity: 2,
    impl: partition,
    lazy: true,
    doc: "`{ right; wrong; }`: the elements for which a predicate is true, and the others.",
  },
  {
    name: "groupBy",
    arity: 2,
    impl: groupBy,
    lazy: true,
    doc: "A set of lists: each element under the name a function gives for it.",
  },
];
