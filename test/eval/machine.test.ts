// Unit tests of the VM (src/eval/machine.ts): recursion depth beyond Nix 2.8's and the JS stack,
// tail calls, thunk states, and that failures are NixErrors, never JS exceptions.

import { describe, expect, it } from "vitest";
import { evaluate, EvalState, toJS } from "../../src/eval/index.js";
import { InfiniteRecursionError, NixError, StackOverflowError, ThrownError } from "../../src/errors.js";

const run = (src: string, state = new EvalState()) => toJS(state, evaluate(src, { state }));

describe("recursion depth", () => {
  it("evaluates 100,000 nested non-tail calls (Nix 2.8 overflows here)", () => {
    expect(run("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 100000")).toBe(100000);
  });
  it("evaluates 500,000 nested calls with the default frame limit", () => {
    expect(run("let f = n: if n == 0 then 0 else 1 + f (n - 1); in f 300000")).toBe(300000);
  });
  it("forces a chain of 400,000 thunks (lazy accumulator) after 400,000 tail calls", () => {
    expect(run("let go = n: acc: if n == 0 then acc else go (n - 1) (acc + 1); in go 400000 0")).toBe(400000);
  });
  it("counts tail calls toward the depth limit, as Nix's stack would", () => {
    expect(run("let go = n: if n == 0 then 42 else go (n - 1); in go 9000", new EvalState({ maxFrames: 10_000 }))).toBe(42);
    for (const expr of ["let go = n: if n == 0 then 42 else go (n - 1); in go 11000", "let f = n: f n; in f 0", "let f = n: f (n + 1); in f 0"]) {
      let err: unknown;
      try {
        run(expr, new EvalState({ maxFrames: 10_000 }));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(StackOverflowError);
    }
  });
  it("ends runaway recursion with a StackOverflowError (a NixError), not a RangeError", () => {
    const state = new EvalState({ maxFrames: 50_000 });
    let err: unknown;
    try {
      run("let f = n: 1 + f (n + 1); in f 0", state);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StackOverflowError);
    expect(err).toBeInstanceOf(NixError);
    expect((err as NixError).message).toBe("stack overflow (possible infinite recursion)");
  });
  it("turns JS stack exhaustion inside builtins into a NixError", () => {
    // Recursion through a builtin callback re-enters the VM from JS; it must still end cleanly.
    let err: unknown;
    try {
      run("let f = n: builtins.head (builtins.map f [ (n + 1) ]); in f 0");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NixError);
  });
});

describe("thunks", () => {
  it("detects infinite recursion through a blackholed thunk", () => {
    expect(() => run("let x = x + 1; in x")).toThrow(InfiniteRecursionError);
  });
  it("evaluates a thunk once", () => {
    const state = new EvalState();
    const v = evaluate('let t = builtins.trace "once" 1; in [ t t (t + t) ]', { state });
    const lines: string[] = [];
    const s2 = new EvalState({ host: { ...state.host, printError: (l) => lines.push(l) } });
    expect(toJS(s2, evaluate('let t = builtins.trace "once" 1; in [ t t (t + t) ]', { state: s2 }))).toEqual([1, 1, 2]);
    expect(lines).toEqual(["trace: once"]);
    void v;
  });
  it("restores a thunk after an error so tryEval can see the error again", () => {
    expect(run('let x = throw "e"; in [ (builtins.tryEval x).success (builtins.tryEval x).success ]')).toEqual([false, false]);
  });
  it("reports throw as a ThrownError", () => {
    expect(() => run('throw "boom"')).toThrow(ThrownError);
  });
});
