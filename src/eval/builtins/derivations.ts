// The builtins that join the evaluator to src/derivation: `derivationStrict` coerces a set's
// attributes to strings with their contexts and hands them to instantiateDerivation;
// `derivation` wraps it lazily into one set per output; `placeholder` and `toFile`.

import { EvalError } from "../../errors.js";
import { hashPlaceholder, instantiateDerivation, isDerivationPath, type DerivationInput } from "../../derivation/index.js";
import type { EvalContext } from "../context.js";
import type { EvalState } from "../state.js";
import { NixAttrs, NixString, PrimOp, type Value } from "../value.js";
import type { BuiltinDef } from "./types.js";

const state = (ctx: EvalContext) => ctx as EvalState;

/** Splits a context element into its kind: plain path, one output, or all outputs of a drv. */
function decodeContext(c: string): { kind: "path"; path: string } | { kind: "output"; drv: string; output: string } | { kind: "all"; drv: string } {
  if (c.startsWith("=")) return { kind: "all", drv: c.slice(1) };
  if (c.startsWith("!")) {
    const i = c.indexOf("!", 1);
    return { kind: "output", output: c.slice(1, i), drv: c.slice(i + 1) };
  }
  return { kind: "path", path: c };
}

/** The closure of a store path through the store's references. */
function closure(st: EvalState, path: string): string[] {
  const seen = new Set<string>([path]);
  const work = [path];
  while (work.length) {
    const p = work.pop()!;
    for (const r of st.store.queryReferences?.(p) ?? [])
      if (!seen.has(r)) {
        seen.add(r);
        work.push(r);
      }
  }
  return [...seen];
}

function derivationStrict(ctx: EvalContext, attrsV: Value): Value {
  const st = state(ctx);
  const attrs = ctx.forceAttrs(attrsV);
  const nameV = attrs.get("name");
  if (nameV === undefined) throw new EvalError("attribute 'name' missing for call to 'derivationStrict'");
  const drvName = ctx.forceString(nameV);
  const ignoreNulls = attrs.has("__ignoreNulls") ? ctx.forceBool(attrs.get("__ignoreNulls") as Value) : false;
  const structured = attrs.has("__structuredAttrs") ? ctx.forceBool(attrs.get("__structuredAttrs") as Value) : false;
  const context = new Set<string>();
  const env: Record<string, string> = {};
  const json: string[] = [];
  const args: string[] = [];
  let builder = "";
  let system = "";
  let outputs: string[] | undefined;
  let outputHash: string | undefined;
  let outputHashAlgo = "";
  let outputHashMode: "flat" | "recursive" = "flat";
  const setMode = (s: string) => {
    if (s === "recursive" || s === "flat") outputHashMode = s;
    else throw new EvalError(`invalid value '${s}' for 'outputHashMode' attribute`);
  };
  for (const key of attrs.sortedKeys()) {
    if (key === "__ignoreNulls") continue;
    const v = attrs.get(key) as Value;
    try {
      if (ignoreNulls && ctx.force(v) === null) continue;
      if (key === "__contentAddressed") {
        if (ctx.forceBool(v)) throw new EvalError("experimental Nix feature 'ca-derivations' is disabled; use '--extra-experimental-features ca-derivations' to override");
      } else if (key === "args") {
        for (const e of ctx.forceList(v)) args.push(ctx.coerceToString(e, context, { coerceMore: true, copyToStore: true }));
      } else if (structured) {
        if (key === "__structuredAttrs") continue;
        const j = ctx.force(ctx.call(st.builtin("__toJSON"), v));
        if (j instanceof NixString) for (const c of j.context) context.add(c);
        json.push(`${JSON.stringify(key)}:${j instanceof NixString ? j.s : (j as string)}`);
        if (key === "builder") builder = ctx.forceString(v);
        else if (key === "system") system = ctx.forceString(v);
        else if (key === "outputHash") outputHash = ctx.forceString(v);
        else if (key === "outputHashAlgo") outputHashAlgo = ctx.forceString(v);
        else if (key === "outputHashMode") setMode(ctx.forceString(v));
        else if (key === "outputs") outputs = ctx.forceList(v).map((e) => ctx.forceString(e));
      } else {
        const s = ctx.coerceToString(v, context, { coerceMore: true, copyToStore: true });
        env[key] = s;
        if (key === "builder") builder = s;
        else if (key === "system") system = s;
        else if (key === "outputHash") outputHash = s;
        else if (key === "outputHashAlgo") outputHashAlgo = s;
        else if (key === "outputHashMode") setMode(s);
        else if (key === "outputs") outputs = s.split(/[ \t\n\r]+/).filter((x) => x !== "");
      }
    } catch (e) {
      if (e instanceof EvalError) e.addTrace(`while evaluating the attribute '${key}' of the derivation '${drvName}'`);
      throw e;
    }
  }
  if (structured) env["__json"] = `{${json.join(",")}}`;

  const inputDrvs = new Map<string, Set<string>>();
  const inputSrcs = new Set<string>();
  const addDrvOutputs = (drv: string, outs: Iterable<string>) => {
    let s = inputDrvs.get(drv);
    if (!s) inputDrvs.set(drv, (s = new Set()));
    for (const o of outs) s.add(o);
  };
  for (const c of context) {
    const d = decodeContext(c);
    if (d.kind === "all") {
      for (const p of closure(st, d.drv)) {
        inputSrcs.add(p);
        if (isDerivationPath(p)) addDrvOutputs(p, Object.keys(st.store.readDerivation(p).outputs));
      }
    } else if (d.kind === "output") addDrvOutputs(d.drv, [d.output]);
    else inputSrcs.add(d.path);
  }
  const input: DerivationInput = {
    name: drvName,
    system,
    builder,
    args,
    env,
    outputs,
    fixedOutput: outputHash !== undefined ? { hashAlgo: outputHashAlgo, hash: outputHash, mode: outputHashMode } : undefined,
    inputDrvs: Object.fromEntries([...inputDrvs].map(([k, v]) => [k, [...v].sort()])),
    inputSrcs: [...inputSrcs],
    structuredAttrs: structured,
  };
  const r = instantiateDerivation(input, st.store, { warn: (m) => ctx.host.printError(`warning: ${m}`) });
  const result = new Map<string, Value>();
  result.set("drvPath", new NixString(r.drvPath, new Set(["=" + r.drvPath])));
  for (const [o, p] of Object.entries(r.outputs)) result.set(o, new NixString(p, new Set([`!${o}!${r.drvPath}`])));
  return new NixAttrs(result);
}

/** `derivation attrs`: one set per output sharing the attributes, outPath/drvPath computed lazily. */
function derivation(ctx: EvalContext, drvAttrsV: Value): Value {
  const st = state(ctx);
  const drvAttrs = ctx.forceAttrs(drvAttrsV);
  const outputsV = drvAttrs.get("outputs");
  const outputs = outputsV === undefined ? ["out"] : ctx.forceList(outputsV).map((o) => ctx.forceString(o));
  const strict = st.lazyApply(st.builtin("derivationStrict"), drvAttrs);
  const select = (name: string) => st.lazyApply(new PrimOp(`select ${name}`, 1, ([s]) => ctx.forceAttrs(s as Value).get(name) as Value), strict);
  const common = new Map<string, Value>(drvAttrs.map);
  const perOutput = outputs.map((o) => {
    const m = new Map<string, Value>();
    return { name: o, map: m, set: new NixAttrs(m, drvAttrs.positions) };
  });
  for (const p of perOutput) common.set(p.name, p.set);
  common.set("all", perOutput.map((p) => p.set));
  common.set("drvAttrs", drvAttrs);
  const drvPath = select("drvPath");
  for (const p of perOutput) {
    for (const [k, v] of common) p.map.set(k, v);
    p.map.set("outPath", select(p.name));
    p.map.set("drvPath", drvPath);
    p.map.set("type", "derivation");
    p.map.set("outputName", p.name);
  }
  if (perOutput.length === 0) throw new EvalError("derivation cannot have an empty set of outputs");
  return perOutput[0]!.set;
}

/** Derivation builtins. */
export const derivationBuiltins: BuiltinDef[] = [
  {
    name: "derivationStrict",
    arity: 1,
    doc: "Instantiates a derivation: writes its .drv and returns { drvPath; <output> = path; }.",
    impl: ([a], ctx) => derivationStrict(ctx, a as Value),
  },
  {
    name: "derivation",
    arity: 1,
    doc: "Creates a derivation: a set per output with outPath, drvPath, type = \"derivation\" and all attributes.",
    impl: ([a], ctx) => derivation(ctx, a as Value),
  },
  {
    name: "placeholder",
    arity: 1,
    doc: "The placeholder string that stands for an output's path in a derivation's attributes.",
    impl: ([o], ctx) => hashPlaceholder(ctx.forceString(o as Value)),
  },
  {
    name: "toFile",
    arity: 2,
    doc: "Writes a string to a store file and returns its path (with context).",
    impl: ([nameV, textV], ctx) => {
      const name = ctx.forceString(nameV as Value);
      const { s, context } = ctx.forceStringWithContext(textV as Value);
      const refs: string[] = [];
      for (const c of context) {
        const d = decodeContext(c);
        if (d.kind !== "path")
          throw new EvalError(`in 'toFile': the file named '${name}' must not contain a reference to a derivation but contains (${c})`);
        refs.push(d.path);
      }
      const p = state(ctx).store.addTextToStore(name, s, refs);
      return new NixString(p, new Set([p]));
    },
  },
];


