// Property tests: random ASTs survive printExpr → parse unchanged (positions ignored), and arbitrary
// or mutated inputs never make the parser throw anything but a NixError (nor hang).

import { readFileSync } from "node:fs";
import { test, fc } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import type { AttrDef, Expr } from "../../src/parser/ast.js";
import { NixError } from "../../src/errors.js";
import { parse, printExpr } from "../../src/parser/index.js";
import { langTestsDir, nixFiles } from "./oracle.js";

const opts = { name: "«string»", baseDir: "/tmp", home: "/root" };
const S = { file: { name: "", baseDir: "/", text: "" }, start: 0, end: 0 };
const POSITIONS = new Set(["span", "opSpan", "resolution", "operandSpans", "partSpans"]);
const strip = (e: unknown): string => JSON.stringify(e, (k, v) => (POSITIONS.has(k) ? undefined : v));

const name = fc.constantFrom("a", "b", "x", "foo", "a-b", "c'");
// Keywords other than `if` print bare, as in Nix's --parse, and so do not parse back: left out.
const KEYWORDS = new Set(["then", "else", "assert", "with", "let", "in", "rec", "inherit"]);
const attrName = fc.oneof(name, fc.string({ maxLength: 4 }).filter((s) => !s.includes("\0") && !KEYWORDS.has(s)));
const byteString = fc.string({ maxLength: 8, unit: fc.constantFrom("a", " ", "$", "{", "}", '"', "\\", "\n", "\t", "\r", "'", "é", "\x7f") })
  .map((s) => Buffer.from(s, "utf8").toString("latin1"));

const exprArb: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    name.map((n): Expr => ({ kind: "Var", span: S, name: n })),
    fc.nat({ max: 1_000_000 }).map((v): Expr => ({ kind: "Int", span: S, value: v })),
    byteString.map((v): Expr => ({ kind: "String", span: S, value: v })),
    fc.constantFrom("/a/b", "/tmp/x.nix", "/a/b-c.d+e").map((v): Expr => ({ kind: "Path", span: S, value: v })),
    fc.array(tie("e"), { maxLength: 3 }).map((elems): Expr => ({ kind: "List", span: S, elems })),
    fc.tuple(fc.boolean(), fc.uniqueArray(fc.tuple(attrName, tie("e")), { maxLength: 3, selector: (x) => x[0] })).map(
      ([rec, kv]): Expr => ({ kind: "Attrs", span: S, rec, attrs: [...kv].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)).map(([n, v]): AttrDef => ({ name: n, value: v, span: S, inherited: false })), dynamic: [] }),
    ),
    fc.tuple(name, tie("e")).map(([arg, body]): Expr => ({ kind: "Lambda", span: S, arg, body })),
    fc.tuple(fc.uniqueArray(name, { maxLength: 3 }), fc.boolean(), tie("e")).map(([ns, ellipsis, body]): Expr => ({
      kind: "Lambda", span: S, formals: { entries: ns.map((n) => ({ name: n, span: S })), ellipsis }, body,
    })),
    fc.tuple(name, fc.array(tie("e"), { minLength: 1, maxLength: 3 })).map(([f, args]): Expr => ({ kind: "Call", span: S, fn: { kind: "Var", span: S, name: f }, args })),
    fc.tuple(tie("e"), tie("e"), tie("e")).map(([c, t, e]): Expr => ({ kind: "If", span: S, cond: c, then: t, else: e })),
    fc.tuple(tie("e"), tie("e")).map(([a, b]): Expr => ({ kind: "With", span: S, attrs: a, body: b })),
    tie("e").map((x): Expr => ({ kind: "Not", span: S, expr: x })),
    fc.tuple(fc.constantFrom("==", "!=", "&&", "||", "->", "//", "++", "+" as const), tie("e"), tie("e")).map(
      ([op, l, r]): Expr => ({ kind: "Binary", span: S, op, left: l, right: r }),
    ),
    fc.tuple(tie("e"), fc.array(attrName, { minLength: 1, maxLength: 2 })).map(([x, ns]): Expr => ({
      kind: "Select", span: S, expr: x, path: ns.map((n) => ({ name: n, span: S })),
    })),
    fc.tuple(tie("e"), attrName).map(([x, n]): Expr => ({ kind: "HasAttr", span: S, expr: x, path: [{ name: n, span: S }] })),
  ),
})).e;

describe("parser properties", () => {
  test.prop([exprArb], { numRuns: 300 })("printExpr then parse gives the same AST", (e) => {
    const printed = printExpr(e);
    expect(strip(parse(printed, opts))).toBe(strip(e));
  });

  const neverThrowsOther = (text: string) => {
    try {
      parse(text, opts);
    } catch (err) {
      if (!(err instanceof NixError)) throw err;
    }
  };

  test.prop([fc.string({ maxLength: 60, unit: fc.constantFrom(..."abor{}[]()$\"'\\/.:;,@?=+-*<>!&|#~ \n\t0123456789eé".split("")) })], { numRuns: 2000 })(
    "arbitrary text only ever raises NixError",
    (s) => neverThrowsOther(Buffer.from(s, "utf8").toString("latin1")),
  );

  const corpus = nixFiles(langTestsDir, false).map((f) => readFileSync(f, "latin1")).filter((t) => t.length < 20_000);
  test.prop(
    [fc.nat({ max: Math.max(0, corpus.length - 1) }), fc.array(fc.tuple(fc.nat(), fc.nat({ max: 5 }), fc.string({ maxLength: 3 })), { minLength: 1, maxLength: 4 })],
    { numRuns: 1000 },
  )("mutated tests/lang files only ever raise NixError", (fi, edits) => {
    let t = corpus[fi] ?? "";
    for (const [pos, del, ins] of edits) {
      const at = t.length ? pos % t.length : 0;
      t = t.slice(0, at) + ins + t.slice(at + del);
    }
    neverThrowsOther(t);
  });

  test("deep nesting is a NixError, not a stack overflow", () => {
    expect(() => parse("[".repeat(100_000), opts)).toThrow(NixError);
    expect(() => parse("(".repeat(100_000) + "1" + ")".repeat(100_000), opts)).toThrow(NixError);
    expect(() => parse("!".repeat(100_000) + "1", opts)).toThrow(NixError);
  });
});
