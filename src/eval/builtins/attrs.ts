// Attribute-set builtins of Nix 2.8: attrNames, attrValues, getAttr, hasAttr, removeAttrs,
// listToAttrs, intersectAttrs, catAttrs, mapAttrs, zipAttrsWith, functionArgs, unsafeGetAttrPos
// and genericClosure. Arguments are forced in Nix's order (most entries are `lazy` for that), so
// which error wins when several arguments are bad matches Nix; positions follow Nix's rules.

import { showSymbol } from "../../parser/print.js";
import { inTextSource, TEXT_POSITIONS_HAVE_FILE } from "../../parser/positions.js";
import { lineColumn, STDIN_SOURCE, STRING_SOURCE, type Source, type Span } from "../../parser/ast.js";
import { EvalError, MissingAttrError, NixError, NixTypeError, positionless } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { Lambda, NixAttrs, PrimOp, PrimOpApp, withCapacity, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";
import { forceStringNoContext } from "./string-context.js";
import { attrsIn, functionIn, inContext, listIn } from "./value-contexts.js";
import { stringNoCtxIn } from "./string-context.js";
import type { NixVersion } from "../../nix-version.js";

/** Nix's forceStringNoCtx (see string-context.ts), under the name the attribute builtins use. */
export const forceStringNoCtx = forceStringNoContext;

/** The `file` of a position as Nix 2.8 reports it: the path, or the source text itself for `-E`/stdin. */
export function positionFile(src: Source): string {
  return src.name === STRING_SOURCE || src.name === STDIN_SOURCE ? src.text : src.name;
}

/** `{ column; file; line; }` for a span, as `unsafeGetAttrPos` and `__curPos` return it. */
export function positionAttrs(ctx: EvalContext, span: Span): NixAttrs {
  const { line, column } = lineColumn(span.file, span.start);
  return ctx.makeAttrs([
    ["file", positionFile(span.file)],
    ["line", line],
    ["column", column],
  ]);
}

/**
 * Nix's `getAttr` helper for builtins taking a set of named arguments: a missing one is an error
 * at the set literal (traced back to the call), or at the call for a set without a position.
 */
export function requireAttr(ctx: EvalContext, set: NixAttrs, name: string, fn: string, where: string): Value {
  const v = set.get(name);
  if (v !== undefined) return v;
  throw MISSING_ATTR[ctx.nixVersion](ctx, set, name, fn, where);
}

/** How each version reports an attribute a builtin needs missing from `set`: Nix 2.8 names the
 * builtin and points at the set, Nix 2.26 says `where` it looked (`in the attribute set under
 * consideration`), without a position. */
const MISSING_ATTR: Readonly<Record<NixVersion, (ctx: EvalContext, set: NixAttrs, name: string, fn: string, where: string) => NixError>> = {
  "2.8": (ctx, set, name, fn) => {
    const e = new MissingAttrError(`attribute '${showSymbol(name)}' missing for call to '${fn}'`);
    const at = set.sharesEmpty ? ctx.emptySetSpan : set.span;
    if (at !== undefined) {
      e.span = at;
      e.addTrace(`while invoking '${fn}'`, ctx.currentSpan());
    }
    return e;
  },
  "2.26": (_ctx, _set, name, _fn, where) => positionless(new MissingAttrError(`attribute '${showSymbol(name)}' missing`)).addTrace(where),
};

function attrNames(args: Value[], ctx: EvalContext): Value {
  return ctx.forceAttrs(args[0]!).sortedKeys().slice();
}

function attrValues(args: Value[], ctx: EvalContext): Value {
  const s = ctx.forceAttrs(args[0]!);
  return s.sortedKeys().map((k) => s.map.get(k)!);
}

function getAttr(args: Value[], ctx: EvalContext): Value {
  const name = forceStringNoCtx(ctx, args[0]!);
  const s = ctx.forceAttrs(args[1]!);
  return requireAttr(ctx, s, name, "getAttr", "in the attribute set under consideration");
}

function hasAttr(args: Value[], ctx: EvalContext): Value {
  const name = forceStringNoCtx(ctx, args[0]!);
  return ctx.forceAttrs(args[1]!).has(name);
}

function unsafeGetAttrPos(args: Value[], ctx: EvalContext): Value {
  const name = forceStringNoCtx(ctx, args[0]!);
  const s = ctx.forceAttrs(args[1]!);
  if (!s.has(name)) return null;
  const span = s.positions?.get(name);
  return span && (TEXT_POSITIONS_HAVE_FILE[ctx.nixVersion] || !inTextSource(span)) ? positionAttrs(ctx, span) : null;
}

function removeAttrs(args: Value[], ctx: EvalContext): Value {
  const s = ctx.forceAttrs(args[0]!);
  const names = ctx.forceList(args[1]!);
  const drop = new Set<string>();
  for (const n of names) drop.add(stringNoCtxIn(ctx, n, "while evaluating the values of the second argument passed to builtins.removeAttrs"));
  // Always a new set: Nix 2.8 prints it in full even next to the original (no «repeated»).
  const map = new Map<string, Value>();
  for (const [k, v] of s.map) if (!drop.has(k)) map.set(k, v);
  // Positions are only asked for names the set has, so the source can be shared.
  return withCapacity(new NixAttrs(map, s.positions), s.size);
}

const PAIR = "in a {name=...; value=...;} pair";

function listToAttrs(args: Value[], ctx: EvalContext): Value {
  const list = ctx.forceList(args[0]!);
  const map = new Map<string, Value>();
  for (const item of list) {
    const e = attrsIn(ctx, item, "while evaluating an element of the list passed to builtins.listToAttrs");
    // A bad name is reported at the element's `name` attribute.
    const nameV = requireAttr(ctx, e, "name", "listToAttrs", PAIR);
    let name: string;
    try {
      name = forceStringNoCtx(ctx, nameV);
    } catch (err) {
      const at = e.positions?.get("name");
      if (err instanceof NixError && err.span === undefined) err.span = at;
      throw inContext(ctx, err, "while evaluating the `name` attribute of an element of the list passed to builtins.listToAttrs", at);
    }
    if (map.has(name)) continue; // the first occurrence wins; later ones need no `value`
    map.set(name, requireAttr(ctx, e, "value", "listToAttrs", PAIR));
  }
  // An attribute's position is where its (first) element defined `value`: found only when asked.
  const positionOf = (k: string) => {
    for (const item of list) {
      const e = ctx.forceAttrs(item);
      if (forceStringNoCtx(ctx, e.get("name") as Value) === k) return e.positions?.get("value");
    }
    return undefined;
  };
  return withCapacity(new NixAttrs(map, { get: positionOf }), list.length);
}

function intersectAttrs(args: Value[], ctx: EvalContext): Value {
  const a = ctx.forceAttrs(args[0]!);
  const b = ctx.forceAttrs(args[1]!);
  const map = new Map<string, Value>();
  const positions = new Map<string, Span>();
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const k of small.map.keys()) {
    if (!big.has(k)) continue;
    map.set(k, b.map.get(k)!);
    const p = b.positions?.get(k);
    if (p) positions.set(k, p);
  }
  return withCapacity(new NixAttrs(map, positions), small.size);
}

function catAttrs(args: Value[], ctx: EvalContext): Value {
  const name = forceStringNoCtx(ctx, args[0]!);
  const list = ctx.forceList(args[1]!);
  const out: Value[] = [];
  for (const item of list) {
    const v = attrsIn(ctx, item, "while evaluating an element in the list passed as second argument to builtins.catAttrs").get(name);
    if (v !== undefined) out.push(v);
  }
  return out;
}

function mapAttrs(args: Value[], ctx: EvalContext): Value {
  const f = args[0]!;
  const s = ctx.forceAttrs(args[1]!);
  const map = new Map<string, Value>();
  // Nix 2.8 drops the positions here (`unsafeGetAttrPos` on the result gives null).
  for (const [k, v] of s.map) map.set(k, ctx.lazyApply(ctx.lazyApply(f, k), v));
  return withCapacity(new NixAttrs(map), map.size);
}

/** How each version traces a zipAttrsWith element that is no set. */
const ZIP_ELEMENT: Readonly<Record<NixVersion, (ctx: EvalContext, e: unknown) => unknown>> = {
  "2.8": (ctx, e) => {
    if (e instanceof NixTypeError) {
      if (e.span === undefined) e.positionless = true;
      e.addTrace("while invoking 'zipAttrsWith'", ctx.currentSpan());
    }
    return e;
  },
  "2.26": (ctx, e) => inContext(ctx, e, "while evaluating a value of the list passed as second argument to builtins.zipAttrsWith"),
};

function zipAttrsWith(args: Value[], ctx: EvalContext): Value {
  const f = ctx.forceFunction(args[0]!);
  const list = ctx.forceList(args[1]!);
  const groups = new Map<string, Value[]>();
  for (const item of list) {
    let s: NixAttrs;
    try {
      s = ctx.forceAttrs(item);
    } catch (e) {
      // Nix forces each element without a position and traces it.
      throw ZIP_ELEMENT[ctx.nixVersion](ctx, e);
    }
    for (const [k, v] of s.map) {
      const g = groups.get(k);
      if (g) g.push(v);
      else groups.set(k, [v]);
    }
  }
  const map = new Map<string, Value>();
  for (const [k, vs] of groups) map.set(k, ctx.lazyApply(ctx.lazyApply(f, k), vs));
  return withCapacity(new NixAttrs(map), map.size);
}

function functionArgs(args: Value[], _ctx: EvalContext): Value {
  const f = args[0]!;
  if (f instanceof PrimOp || f instanceof PrimOpApp) return withCapacity(new NixAttrs(new Map()), 0);
  if (!(f instanceof Lambda)) throw new NixTypeError("'functionArgs' requires a function");
  const formals = f.chunk.formals;
  if (!formals) return withCapacity(new NixAttrs(new Map()), 0);
  const spans = formals.spans as readonly (Span | undefined)[] | undefined;
  const map = new Map<string, Value>();
  const positions = new Map<string, Span>();
  formals.names.forEach((name, i) => {
    map.set(name, formals.defaults[i] !== null);
    const sp = spans?.[i];
    if (sp) positions.set(name, sp);
  });
  return withCapacity(new NixAttrs(map, positions), map.size);
}

/** A red-black tree node of {@link KeySet}. */
interface RbNode {
  key: Value;
  left: RbNode | null;
  right: RbNode | null;
  parent: RbNode | null;
  red: boolean;
}

/**
 * The set of keys `genericClosure` has seen. Nix keeps them in a C++ `std::set` ordered by its
 * value comparison, and which pairs of keys get compared (so whether incomparable keys raise
 * "cannot compare", and with which operand first) depends on that tree's shape. This is a
 * red-black tree with the same unique-insert search and rebalancing, so the same comparisons
 * happen in the same order.
 */
export class KeySet {
  private root: RbNode | null = null;
  private leftmost: RbNode | null = null;
  constructor(private readonly less: (a: Value, b: Value) => boolean) {}

  /** Inserts `key` unless an equivalent key is present; true if it was inserted. */
  insert(key: Value): boolean {
    let x = this.root;
    let y: RbNode | null = null;
    let goLeft = true;
    while (x) {
      y = x;
      goLeft = this.less(key, x.key);
      x = goLeft ? x.left : x.right;
    }
    if (y === null) {
      this.root = this.leftmost = { key, left: null, right: null, parent: null, red: false };
      return true;
    }
    let j: RbNode = y;
    if (goLeft) {
      if (j === this.leftmost) {
        this.attach(key, y, true);
        return true;
      }
      j = predecessor(j);
    }
    if (this.less(j.key, key)) {
      this.attach(key, y, goLeft);
      return true;
    }
    return false;
  }

  private attach(key: Value, parent: RbNode, left: boolean): void {
    let x: RbNode = { key, left: null, right: null, parent, red: true };
    if (left) {
      parent.left = x;
      if (parent === this.leftmost) this.leftmost = x;
    } else parent.right = x;
    while (x !== this.root && x.parent!.red) {
      const p = x.parent!;
      const g = p.parent!;
      if (p === g.left) {
        const u = g.right;
        if (u && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.right) {
            x = p;
            this.rotateLeft(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateRight(g);
        }
      } else {
        const u = g.left;
        if (u && u.red) {
          p.red = false;
          u.red = false;
          g.red = true;
          x = g;
        } else {
          if (x === p.left) {
            x = p;
            this.rotateRight(x);
          }
          x.parent!.red = false;
          g.red = true;
          this.rotateLeft(g);
        }
      }
    }
    this.root!.red = false;
  }

  private replaceChild(old: RbNode, nu: RbNode): void {
    const p = old.parent;
    nu.parent = p;
    if (!p) this.root = nu;
    else if (p.left === old) p.left = nu;
    else p.right = nu;
  }

  private rotateLeft(x: RbNode): void {
    const y = x.right!;
    x.right = y.left;
    if (y.left) y.left.parent = x;
    this.replaceChild(x, y);
    y.left = x;
    x.parent = y;
  }

  private rotateRight(x: RbNode): void {
    const y = x.left!;
    x.left = y.right;
    if (y.right) y.right.parent = x;
    this.replaceChild(x, y);
    y.right = x;
    x.parent = y;
  }
}

function predecessor(n: RbNode): RbNode {
  if (n.left) {
    let m = n.left;
    while (m.right) m = m.right;
    return m;
  }
  let m = n;
  let p = m.parent!;
  while (m === p.left) {
    m = p;
    p = p.parent!;
  }
  return p;
}

/** Where the versions' genericClosure differ: Nix 2.26 needs no `operator` for an empty
 * `startSet` and checks it is a function; its words for an element without `key`. */
const GENERIC_CLOSURE: Readonly<Record<NixVersion, { readonly lazyOperator: boolean; readonly noKey: (ctx: EvalContext, e: NixAttrs) => Value }>> = {
  "2.8": {
    lazyOperator: false,
    noKey: () => {
      throw new EvalError("attribute 'key' required");
    },
  },
  "2.26": {
    lazyOperator: true,
    noKey: (ctx, e) => requireAttr(ctx, e, "key", "genericClosure", "in one of the attrsets generated by (or initially passed to) builtins.genericClosure"),
  },
};

const CLOSURE_ARG = "in the attrset passed as argument to builtins.genericClosure";

function genericClosure(args: Value[], ctx: EvalContext): Value {
  const rules = GENERIC_CLOSURE[ctx.nixVersion];
  const a = ctx.forceAttrs(args[0]!);
  const start = listIn(ctx, requireAttr(ctx, a, "startSet", "genericClosure", CLOSURE_ARG), "while evaluating the 'startSet' attribute passed as argument to builtins.genericClosure");
  if (start.length === 0 && rules.lazyOperator) return [];
  const work: Value[] = start.slice();
  const opV = requireAttr(ctx, a, "operator", "genericClosure", CLOSURE_ARG);
  const op = rules.lazyOperator ? functionIn(ctx, opV, "while evaluating the 'operator' attribute passed as argument to builtins.genericClosure") : ctx.force(opV);
  const done = new KeySet((x, y) => ctx.lessThan(x, y));
  const out: Value[] = [];
  for (let i = 0; i < work.length; i++) {
    const e = attrsIn(ctx, work[i]!, "while evaluating one of the elements generated by (or initially passed to) builtins.genericClosure");
    work[i] = null; // let processed items go
    const k = e.get("key") ?? rules.noKey(ctx, e);
    if (!done.insert(ctx.force(k))) continue;
    out.push(e);
    const next = listIn(ctx, ctx.callUnsited(op, e), "while evaluating the return value of the `operator` passed to builtins.genericClosure");
    for (const n of next) work.push(ctx.force(n));
  }
  return out;
}

/** The attribute-set builtins. */
export const attrBuiltins: BuiltinDef[] = [
  { name: "attrNames", argContexts: ["the argument passed to builtins.attrNames"], arity: 1, impl: attrNames, doc: "The names of a set's attributes, sorted." },
  { name: "attrValues", argContexts: ["the argument passed to builtins.attrValues"], arity: 1, impl: attrValues, doc: "The values of a set's attributes, in the order of their sorted names." },
  { name: "getAttr", arity: 2, impl: getAttr, lazy: true, doc: "`getAttr name set`: the attribute `name` of `set`." },
  { name: "hasAttr", arity: 2, impl: hasAttr, lazy: true, doc: "`hasAttr name set`: whether `set` has an attribute `name`." },
  {
    name: "unsafeGetAttrPos",
    arity: 2,
    impl: unsafeGetAttrPos,
    lazy: true,
    doc: "`{ file; line; column; }` of the definition of an attribute, or null.",
  },
  { name: "removeAttrs", arity: 2, impl: removeAttrs, lazy: true, doc: "A set without the attributes named in a list." },
  {
    name: "listToAttrs", argContexts: ["the argument passed to builtins.listToAttrs"],
    arity: 1,
    impl: listToAttrs,
    doc: "A set from a list of `{ name; value; }` sets; the first occurrence of a name wins.",
  },
  {
    name: "intersectAttrs",
    arity: 2,
    impl: intersectAttrs,
    lazy: true,
    doc: "The attributes of the second set whose names are also in the first.",
  },
  { name: "catAttrs", arity: 2, impl: catAttrs, lazy: true, doc: "The values of an attribute in each set of a list that has it." },
  { name: "mapAttrs", arity: 2, impl: mapAttrs, lazy: true, doc: "`mapAttrs f set`: each value `v` of `name` becomes `f name v` (lazily)." },
  {
    name: "zipAttrsWith",
    arity: 2,
    impl: zipAttrsWith,
    lazy: true,
    doc: "`zipAttrsWith f sets`: for each name in any set, `f name [values in list order]`.",
  },
  {
    name: "functionArgs",
    arity: 1,
    impl: functionArgs,
    doc: "The formal arguments of a function, each mapped to whether it has a default.",
  },
  {
    name: "genericClosure",
    arity: 1,
    impl: genericClosure,
    doc: "The closure of `startSet` under `operator`, keeping the first set seen for each `key`.",
  },
];
