// Unit tests of this group's helpers and impls called directly: libstdc++'s stable_sort call
// pattern, genericClosure's key tree, 64-bit division and float-to-int conversion, strings that
// must not carry a context, and the control builtins (trace, tryEval, addErrorContext) on the VM.

import { describe, expect, it } from "vitest";
import { AbortError, AssertionError, EvalError, NixError, NixTypeError, ThrownError } from "../../src/errors.js";
import type { EvalContext } from "../../src/eval/context.js";
import { floatToInt, arithmeticBuiltins } from "../../src/eval/builtins/arithmetic.js";
import { divide } from "../../src/eval/operators.js";
import { forceStringNoCtx, KeySet, positionFile } from "../../src/eval/builtins/attrs.js";
import { stableSort } from "../../src/eval/builtins/lists.js";
import { controlBuiltins } from "../../src/eval/builtins/control.js";
import { STRING_SOURCE } from "../../src/parser/ast.js";
import { NixFloat, NixString, type Value } from "../../src/eval/value.js";
import { run } from "./harness.js";

/** A context for already-forced values: only what the tested impls use. */
const fakeCtx = {
  force: (v: Value) => v,
  forceStringWithContext: (v: Value) =>
    typeof v === "string" ? { s: v, context: new Set<string>() } : { s: (v as NixString).s, context: new Set((v as NixString).context) },
  lessThan: (a: Value, b: Value) => (a as number) < (b as number),
} as unknown as EvalContext;

describe("stableSort (libstdc++ std::stable_sort call pattern)", () => {
  it("matches Nix for an always-true comparator", () => {
    const a = [3, 1, 2, 5, 4];
    stableSort(a, () => true);
    expect(a).toEqual([4, 5, 2, 1, 3]); // nix: builtins.sort (a: b: true) [ 3 1 2 5 4 ]
  });
  it("is a stable sort for strict weak orders of any length", () => {
    for (let n = 0; n < 200; n++) {
      const a = Array.from({ length: n }, (_, i) => ({ k: (i * 7919) % 13, i }));
      stableSort(a, (x, y) => x.k < y.k);
      const b = Array.from({ length: n }, (_, i) => ({ k: (i * 7919) % 13, i })).sort((x, y) => x.k - y.k);
      expect(a).toEqual(b);
    }
  });
  it("never calls the comparator for 0 or 1 elements", () => {
    let calls = 0;
    stableSort([1], () => (calls++, true));
    stableSort([], () => (calls++, true));
    expect(calls).toBe(0);
  });
});

describe("KeySet (genericClosure's std::set)", () => {
  it("inserts unique keys only", () => {
    const s = new KeySet(fakeCtx.lessThan);
    expect([5, 3, 5, 8, 3, 1, 9, 2, 8].map((k) => s.insert(k))).toEqual([true, true, false, true, false, true, true, true, false]);
  });
  it("stays balanced: O(log n) comparisons per insert", () => {
    let calls = 0;
    const s = new KeySet((a, b) => (calls++, (a as number) < (b as number)));
    for (let i = 0; i < 4096; i++) s.insert(i);
    expect(calls).toBeLessThan(4096 * 2 * 13);
  });
});

describe("arithmetic", () => {
  it("divides with Nix's checks and truncation", () => {
    expect(divide(7, -2)).toBe(-3);
    expect(divide(-(2n ** 63n), 2)).toBe(-(2n ** 62n));
    expect(() => divide(-(2n ** 63n), -1)).toThrow(new EvalError("overflow in integer division"));
    expect(() => divide("a", 0)).toThrow("division by zero");
    expect(() => divide(1, "b")).toThrow("value is a string while a float was expected");
    expect(() => divide("a", 1)).toThrow("value is a string while an integer was expected");
    expect((divide(new NixFloat(7), 2) as NixFloat).value).toBe(3.5);
  });
  it("converts floats to ints as x86-64 does", () => {
    expect(floatToInt(2 ** 63)).toBe(-(2n ** 63n));
    expect(floatToInt(NaN)).toBe(-(2n ** 63n));
    expect(floatToInt(-Infinity)).toBe(-(2n ** 63n));
    expect(floatToInt(-(2 ** 63))).toBe(-(2n ** 63n));
    expect(floatToInt(2 ** 62)).toBe(2n ** 62n);
    expect(Object.is(floatToInt(-0), 0)).toBe(true);
  });
  it("bit operations wrap at 64 bits", () => {
    const bitAnd = arithmeticBuiltins.find((d) => d.name === "bitAnd")!;
    if (!("impl" in bitAnd)) throw new Error();
    const ctx = { forceInt: (v: Value) => v } as unknown as EvalContext;
    expect(bitAnd.impl([-1, 2n ** 62n], ctx)).toBe(2n ** 62n);
    expect(bitAnd.impl([-8, 4294967295], ctx)).toBe(4294967288);
  });
});

describe("attribute helpers", () => {
  it("rejects names with a context", () => {
    expect(forceStringNoCtx(fakeCtx, "a")).toBe("a");
    const s = new NixString("/nix/store/x-k", new Set(["/nix/store/x-k"]));
    expect(() => forceStringNoCtx(fakeCtx, s)).toThrow(
      "the string '/nix/store/x-k' is not allowed to refer to a store path (such as '/nix/store/x-k')",
    );
  });
  it("reports -E and stdin sources by their text, as Nix 2.8 does", () => {
    expect(positionFile({ name: STRING_SOURCE, baseDir: "/", text: "{ a = 1; }" })).toBe("{ a = 1; }");
    expect(positionFile({ name: "/x/y.nix", baseDir: "/x", text: "" })).toBe("/x/y.nix");
  });
});

describe("control builtins on the VM", () => {
  it("trace prints before its second argument is evaluated", () => {
    const r = run('builtins.trace "printed" (throw "B")');
    expect(r.traces).toEqual(["trace: printed"]);
    expect(r.err).toBe("error: B");
  });
  it("trace prints values unforced, strings raw", () => {
    expect(run('builtins.trace [ 1 (1 + 1) ] (builtins.trace "a\\nb" (builtins.trace 1.5e10 (builtins.trace null 0)))').traces).toEqual([
      "trace: [ 1 <CODE> ]",
      "trace: a\nb",
      "trace: 1.5e+10",
      "trace: null",
    ]);
  });
  it("tryEval catches exactly throw and assert", () => {
    expect(run("builtins.tryEval (throw \"x\")").out).toBe("{ success = false; value = false; }");
    expect(run("builtins.tryEval (assert false; 1)").out).toBe("{ success = false; value = false; }");
    for (const e of ['abort "x"', '1 + "a"', "{ }.a", "let x = x; in x", "builtins.head [ ]", "1 / 0"])
      expect(run(`builtins.tryEval (${e})`).err).toBeDefined();
  });
  it("addErrorContext adds a trace frame to errors passing through", () => {
    const def = controlBuiltins.find((d) => d.name === "addErrorContext")!;
    if (!("impl" in def)) throw new Error();
    const ctx = {
      force: () => {
        throw new ThrownError("boom");
      },
      coerceToString: (v: Value) => v as string,
    } as unknown as EvalContext;
    let caught: unknown;
    try {
      def.impl(["while doing X", null], ctx);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ThrownError);
    expect((caught as NixError).trace.map((f) => f.message)).toEqual(["while doing X"]);
    expect(run('builtins.addErrorContext "while doing X" (throw "boom")').err).toBe("error: boom");
  });
  it("error classes are the ones tryEval distinguishes", () => {
    expect(new ThrownError("x")).toBeInstanceOf(NixError);
    expect(new AbortError("x")).not.toBeInstanceOf(ThrownError);
    expect(new AssertionError("x")).not.toBeInstanceOf(NixTypeError);
  });
});
