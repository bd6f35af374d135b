// AST-building helpers of the chevrotain parser (parser.ts) for attribute sets and formals:
// attribute-path merging (`a.b = 1; a.c = 2;`), `inherit`, duplicate-attribute and
// duplicate-formal checks with each version's messages and positions, and a name index for big
// sets under construction.

import type { AttrDef, AttrName, DynamicAttrDef, Expr, ExprOf, Formal, InheritSource, Source, Span } from "./ast.js";
import { NixParseError } from "../errors.js";
import { SHOW_POS } from "./positions.js";
import { DEFAULT_NIX_VERSION, type NixVersion } from "../nix-version.js";
import { SYMBOL_PRINTERS, showAttrPath } from "./print.js";
import { SYNTAX_RULES, type SyntaxRules } from "./syntax-rules.js";

type Attrs = ExprOf<"Attrs">;
/** An attribute set while its bindings are being read. */
export type MutAttrs = { kind: "Attrs"; span: Span; rec: boolean; attrs: AttrDef[]; dynamic: DynamicAttrDef[]; inheritFrom?: InheritSource[] };

/** Slot names of `inherit (e)` sources (a space keeps them apart from every identifier). */
let sourceCount = 0;

/** Builds attribute sets of one source. */
export class AttrSetBuilder {
  private attrIndex = new WeakMap<object, Map<string, number>>();

  /** How positions and names read in messages, and how sets are built (the version being followed). */
  private showPos: (span: Span) => string = SHOW_POS[DEFAULT_NIX_VERSION];
  private showSymbol: (name: string) => string = SYMBOL_PRINTERS[DEFAULT_NIX_VERSION];
  private rules: SyntaxRules = SYNTAX_RULES[DEFAULT_NIX_VERSION];
  private version: NixVersion = DEFAULT_NIX_VERSION;

  constructor(private src: Source) {}

  /** Starts on a new source, parsed as `version` parses it. */
  reset(src: Source, version: NixVersion = DEFAULT_NIX_VERSION): void {
    this.src = src;
    this.attrIndex = new WeakMap();
    this.showPos = SHOW_POS[version];
    this.showSymbol = SYMBOL_PRINTERS[version];
    this.rules = SYNTAX_RULES[version];
    this.version = version;
  }

  private span(start: number, end: number): Span {
    return { file: this.src, start, end };
  }

  /** Index of attribute `name` in `set`, or -1. Small sets are scanned; big ones get a Map. */
  findAttr(set: Attrs | MutAttrs, name: string): number {
    const attrs = set.attrs;
    const n = attrs.length;
    if (n < 12) {
      for (let i = 0; i < n; i++) if (attrs[i]!.name === name) return i;
      return -1;
    }
    let idx = this.attrIndex.get(set);
    if (!idx) {
      idx = new Map();
      for (let i = 0; i < n; i++) if (!idx.has(attrs[i]!.name)) idx.set(attrs[i]!.name, i);
      this.attrIndex.set(set, idx);
    }
    return idx.get(name) ?? -1;
  }

  /** Appends an attribute to a set under construction, keeping its index (if any) current. */
  pushAttr(set: Attrs | MutAttrs, def: AttrDef): void {
    const idx = this.attrIndex.get(set);
    if (idx) idx.set(def.name, set.attrs.length);
    (set.attrs as AttrDef[]).push(def);
  }

  /**
   * Adds `inherit`ed names to a set, rejecting duplicates. Nix 2.8 positions them at `listPos`
   * (the end of the token before the names) and their values at `bindsPos` (the end of the token
   * before the bindings), Nix 2.26 at each name; under 2.26's rules `inherit (e)` keeps `e` as a
   * source of the set, even with no names.
   */
  addInherited(set: MutAttrs, names: readonly { name: string; span: Span }[], from: Expr | undefined, listPos: number, bindsPos: number): void {
    const atName = this.rules.inheritAtName;
    let source: InheritSource | undefined;
    if (from && this.rules.inheritFromOnce) {
      source = { slotName: ` inherit-from ${sourceCount++}`, expr: from };
      (set.inheritFrom ??= []).push(source);
    }
    for (const an of names) {
      const name = an.name;
      const existing = this.findAttr(set, name);
      const at = atName ? an.span.start : listPos;
      if (existing >= 0)
        throw new NixParseError(`attribute '${this.showSymbol(name)}' already defined at ${this.showPos(set.attrs[existing]!.span)}`, this.span(at, at));
      const span = atName ? an.span : this.span(listPos, an.span.end);
      const vspan = atName ? an.span : this.span(bindsPos, an.span.end);
      if (source) {
        const slot: Expr = { kind: "Var", span: from!.span, name: source.slotName };
        const value: Expr = { kind: "Select", span: vspan, expr: slot, path: [{ name, span: an.span }] };
        this.pushAttr(set, { name, value, span, inherited: false, source });
        continue;
      }
      const value: Expr = from
        ? { kind: "Select", span: vspan, expr: from, path: [{ name, span: an.span }] }
        : { kind: "Var", span: vspan, name };
      this.pushAttr(set, { name, value, span, inherited: from === undefined });
    }
  }

  /** Adds `path = value;` to a set, merging into nested sets as the version does. */
  addAttr(root: MutAttrs, path: AttrName[], value: Expr, pos: Span): void {
    let set = root;
    const dup = (prev: Span, upTo: number): never => {
      const shown = this.rules.namesDuplicatePrefix ? path.slice(0, upTo) : path;
      throw new NixParseError(`attribute '${showAttrPath(shown, this.version)}' already defined at ${this.showPos(prev)}`, pos);
    };
    const n = path.length;
    for (let k = 0; k < n - 1; k++) {
      const a = path[k]!;
      if ("name" in a) {
        const j = this.findAttr(set, a.name);
        if (j >= 0) {
          const def = set.attrs[j]!;
          if (def.inherited || def.value.kind !== "Attrs") dup(def.span, k + 1);
          set = def.value as unknown as MutAttrs;
        } else {
          const nested: MutAttrs = { kind: "Attrs", span: pos, rec: false, attrs: [], dynamic: [] };
          this.pushAttr(set, { name: a.name, value: nested as Expr, span: pos, inherited: false });
          set = nested;
        }
      } else {
        const nested: MutAttrs = { kind: "Attrs", span: pos, rec: false, attrs: [], dynamic: [] };
        set.dynamic.push({ nameExpr: a.expr, value: nested as Expr, span: pos });
        set = nested;
      }
    }
    const last = path[n - 1]!;
    if (!("name" in last)) {
      set.dynamic.push({ nameExpr: last.expr, value, span: pos });
      return;
    }
    const j = this.findAttr(set, last.name);
    if (j < 0) {
      this.pushAttr(set, { name: last.name, value, span: pos, inherited: false });
      return;
    }
    const existing = set.attrs[j]!;
    if (existing.value.kind === "Attrs" && value.kind === "Attrs") {
      if (this.rules.mergesNestedSets) this.mergeNested(existing.value as unknown as MutAttrs, value, path);
      else {
        // Merge the new set's static attributes into the existing one (Nix 2.8 drops the new
        // set's dynamic attributes and `rec`, and swaps the positions of a duplicate).
        const target = existing.value as unknown as MutAttrs;
        for (const ad of value.attrs) {
          const j2 = this.findAttr(target, ad.name);
          if (j2 >= 0)
            throw new NixParseError(`attribute '${this.showSymbol(ad.name)}' already defined at ${this.showPos(ad.span)}`, target.attrs[j2]!.span);
          this.pushAttr(target, ad);
        }
      }
      return;
    }
    dup(existing.span, n);
  }

  /**
   * Nix 2.26's merge of `value` (a set written after `path =`) into the set already there: its
   * attributes, dynamic attributes and `inherit (e)` sources are added, and sets met under the
   * same name on both sides are merged the same way (an explicit stack, not the JS one). A name
   * on both sides that is not a set on both is a duplicate, reported with its whole path.
   */
  private mergeNested(into: MutAttrs, value: Attrs, path: readonly AttrName[]): void {
    const work: { into: MutAttrs; from: Attrs; names: readonly AttrName[] }[] = [{ into, from: value, names: path }];
    while (work.length > 0) {
      const { into: target, from, names } = work.pop()!;
      for (const ad of from.attrs) {
        const j = this.findAttr(target, ad.name);
        if (j < 0) {
          this.pushAttr(target, ad);
          continue;
        }
        const ex = target.attrs[j]!;
        const inner = [...names, { name: ad.name, span: ad.span }];
        if (ex.value.kind === "Attrs" && ad.value.kind === "Attrs")
          work.push({ into: ex.value as unknown as MutAttrs, from: ad.value, names: inner });
        else throw new NixParseError(`attribute '${showAttrPath(inner, this.version)}' already defined at ${this.showPos(ex.span)}`, ad.span);
      }
      target.dynamic.push(...from.dynamic);
      if (from.inheritFrom?.length) (target.inheritFrom ??= []).push(...from.inheritFrom);
    }
  }

  /** Rejects duplicate formals (and a formal named like the `@` argument), as Nix does. */
  checkFormals(entries: readonly Formal[], arg: string | undefined, lambdaStart: number): void {
    if (entries.length > 1) {
      const seen = new Map<string, number>();
      let dup: Formal | undefined;
      let dupRank = Infinity;
      entries.forEach((f, i) => {
        const first = seen.get(f.name);
        if (first === undefined) seen.set(f.name, i);
        else if (first < dupRank) {
          dupRank = first;
          dup = f;
        }
      });
      if (dup) throw new NixParseError(`duplicate formal function argument '${dup.name}'`, this.span(dup.span.start, dup.span.start));
    }
    if (arg !== undefined && entries.some((f) => f.name === arg))
      throw new NixParseError(`duplicate formal function argument '${arg}'`, this.span(lambdaStart, lambdaStart));
  }
}
