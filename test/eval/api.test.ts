// The library API: evaluate/evaluateFile, forcing, toJS, an injected in-memory host (no
// filesystem: the evaluator reaches files only through the Host), and errors as NixErrors with
// positions. Expected values here are the ones real Nix 2.8 prints for the same expressions.

import { describe, expect, it } from "vitest";
import { EvalState, evaluate, evaluateFile, pureHost, showValue, toJS, type Host } from "../../src/eval/index.js";
import { InterruptedError, NixError, NixParseError, NixTypeError } from "../../src/errors.js";
import { Worker } from "node:worker_threads";
import path from "node:path";
import { repoRoot } from "../support/oracle.js";
import { lineColumn } from "../../src/parser/ast.js";

/** A host whose files live in a JS object. */
function memoryHost(files: Record<string, string>): Host {
  return {
    ...pureHost,
    readFile: (p) => {
      if (!(p in files)) throw new NixError(`opening file '${p}': No such file or directory`);
      return files[p]!;
    },
    lstat: (p) =>
      p in files ? { type: "regular", executable: false, size: files[p]!.length } : Object.keys(files).some((f) => f.startsWith(p + "/")) ? { type: "directory", executable: false, size: 0 } : null,
  };
}

describe("library API", () => {
  it("evaluates an expression to weak head normal form and converts it to JS", () => {
    const state = new EvalState();
    const v = evaluate('{ a = 1; b = [ "x" 2.5 null ]; c = { d = true; }; }', { state });
    expect(toJS(state, v)).toEqual({ a: 1, b: ["x", 2.5, null], c: { d: true } });
  });
  it("gives every attribute name, __proto__ included, an own property", () => {
    const state = new EvalState();
    const o = toJS(state, evaluate('{ __proto__ = 1; constructor = 2; a = 3; }', { state })) as Record<string, unknown>;
    expect(Object.keys(o)).toEqual(["__proto__", "a", "constructor"]);
    expect(Object.getOwnPropertyDescriptor(o, "__proto__")?.value).toBe(1);
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
  });
  it("keeps 64-bit integers exact", () => {
    const state = new EvalState();
    expect(toJS(state, evaluate("9223372036854775807", { state }))).toBe(9223372036854775807n);
    expect(toJS(state, evaluate("9223372036854775807 + 1", { state }))).toBe(-9223372036854775808n);
  });
  it("is lazy until forced", () => {
    const state = new EvalState();
    const v = evaluate('{ ok = 1; bad = throw "never"; }', { state });
    expect(showValue(state, v, false)).toBe("{ bad = <CODE>; ok = 1; }");
    expect(() => state.deepForce(v)).toThrow(NixError);
  });
  it("reads files only through the injected host", () => {
    const host = memoryHost({ "/proj/default.nix": "import ./lib.nix 20", "/proj/lib.nix": "n: n * 2 + 2" });
    const state = new EvalState({ host });
    expect(toJS(state, evaluateFile("/proj", { state }))).toBe(42);
  });
  it("decodes UTF-8 byte strings for JS", () => {
    const state = new EvalState();
    expect(toJS(state, evaluate('"héllo ✓"', { state }))).toBe("héllo ✓");
    expect(toJS(state, evaluate('builtins.stringLength "héllo"', { state }))).toBe(6);
  });
  it("raises NixErrors with positions", () => {
    let err: unknown;
    try {
      evaluate("let f = x: x + 1; in f true");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NixTypeError);
    const span = (err as NixError).span!;
    expect(lineColumn(span.file, span.start)).toEqual({ line: 1, column: 12 });
    expect(() => evaluate("1 +")).toThrow(NixParseError);
    expect(() => evaluate("undefinedVar")).toThrow(NixParseError);
  });
  it("converts a derivation, which contains itself, without looping", () => {
    const state = new EvalState();
    const d = toJS(state, evaluate('derivation { name = "d"; system = "x86_64-linux"; builder = "/bin/sh"; }', { state })) as Record<string, unknown>;
    expect(d["out"]).toBe(d);
    expect(d["type"]).toBe("derivation");
  });
  it("calls Nix functions from TypeScript", () => {
    const state = new EvalState();
    const f = evaluate("{ a, b ? 2 }: a * b", { state });
    const arg = evaluate("{ a = 21; }", { state });
    expect(toJS(state, state.call(f, arg))).toBe(42);
  });
  it("realises contexts against its own store: texts it wrote import, derivation outputs do not build", () => {
    const state = new EvalState();
    expect(toJS(state, evaluate('import "${builtins.toFile "x.nix" "{ a = 1; }"}"', { state }))).toEqual({ a: 1 });
    const drv = 'derivation { name = "d"; system = "x"; builder = "b"; }';
    expect(() => evaluate(`import "\${${drv}}"`, { state })).toThrow(/^cannot build '\/nix\/store\/[a-z0-9]{32}-d\.drv!out' during evaluation/);
    // Realising needs the store path itself to be valid: a store this state has not written to says no.
    const other = new EvalState({ isPathValid: () => false });
    expect(() => evaluate('import "${builtins.toFile "x.nix" "1"}"', { state: other })).toThrow(/^path '\/nix\/store\/[a-z0-9]{32}-x\.nix' is not valid$/);
  });
});

describe("stopping an evaluation", () => {
  const endless = "let f = n: f (n + 1); in f 0";
  const stopped = (options: ConstructorParameters<typeof EvalState>[0], expr = endless) => {
    const state = new EvalState(options);
    try {
      state.deepForce(evaluate(expr, { state }));
    } catch (e) {
      return e;
    }
    return undefined;
  };
  it("after timeoutMs, even inside tryEval", () => {
    const t = performance.now();
    const e = stopped({ timeoutMs: 100 }, `builtins.tryEval (${endless})`);
    expect(e).toBeInstanceOf(InterruptedError);
    expect((e as Error).message).toBe("evaluation exceeded its time limit of 100 ms");
    expect(performance.now() - t).toBeLessThan(5000);
  });
  it("once a signal is aborted or the interrupt flag is set", () => {
    expect((stopped({ signal: AbortSignal.abort() }) as Error).message).toBe("interrupted by the user");
    expect(stopped({ interrupt: Int32Array.of(1) })).toBeInstanceOf(InterruptedError);
  });
  it("once the heap outgrows maxHeapBytes (as heapUsed reports it, node:v8 by default)", () => {
    let reads = 0;
    const e = stopped({ maxHeapBytes: 1000, heapUsed: () => ++reads * 100 });
    expect((e as Error).message).toBe("evaluation exceeded its memory limit of 1000 bytes");
    // A real one: each level of this recursion copies a longer list as it returns.
    const grow = "let g = n: if n == 0 then [ ] else [ (builtins.genList (i: i) 100) ] ++ g (n - 1); in builtins.length (g 100000)";
    const limit = process.memoryUsage().heapUsed + 200e6;
    expect((stopped({ maxHeapBytes: limit }, grow) as Error).message).toBe(`evaluation exceeded its memory limit of ${limit} bytes`);
  });
  it("from another thread, through a SharedArrayBuffer flag", async () => {
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(
      `const { workerData, parentPort } = require("node:worker_threads");
       import(workerData.index).then(({ EvalState, evaluate }) => {
         const state = new EvalState({ interrupt: workerData.flag });
         parentPort.postMessage("started");
         try { state.force(evaluate(workerData.expr, { state })); parentPort.postMessage("finished"); }
         catch (e) { parentPort.postMessage(e.constructor.name + ": " + e.message); }
       });`,
      { eval: true, workerData: { flag, expr: endless, index: path.join(repoRoot, "dist/index.js") } },
    );
    const messages: string[] = [];
    const done = new Promise<void>((resolve) =>
      worker.on("message", (m: string) => {
        messages.push(m);
        if (m === "started") setTimeout(() => Atomics.store(flag, 0, 1), 100);
        else resolve();
      }),
    );
    await done;
    await worker.terminate();
    expect(messages).toEqual(["started", "InterruptedError: interrupted by the user"]);
  });
});
