// The builtins that join the evaluator to src/derivation: `derivationStrict` coerces a set's
// attributes to strings with their contexts and hands them to instantiateDerivation;
// `derivation` wraps it lazily into one set per output; `placeholder` and `toFile`.

import { EvalError, HostError, NixError } from "../../errors.js";
import { JsonSink, writeValueAsJSON } from "./json.js";
import { positioned } from "../operators.js";
import { checkOutputs, dictionary, hashPlaceholder, isDerivationPath, storeNameProblem, writeDerivationOf, type DerivationInput } from "../../derivation/index.js";
import type { EvalContext } from "../context.js";
import type { NixVersion } from "../../nix-version.js";
import { NixAttrs, NixString, Thunk, type Value } from "../value.js";
import { derivationNixSource } from "../derivation-nix.js";
import type { BuiltinDef } from "./types.js";
import type { Span } from "../../parser/ast.js";
import { SHOW_POS } from "../../parser/positions.js";
import { requireAttr } from "./attrs.js";
import { inContext } from "./value-contexts.js";
import { decodeContext, forceStringNoContext } from "./string-context.js";

/** The closure of a store path through the store's references. */
function closure(ctx: EvalContext, path: string): string[] {
  const seen = new Set<string>([path]);
  const work = [path];
  while (work.length) {
    const p = work.pop()!;
    for (const r of ctx.store.queryReferences?.(p) ?? [])
      if (!seen.has(r)) {
        seen.add(r);
        work.push(r);
      }
  }
  return [...seen];
}

/** What derivationStrict does differently in each Nix version. */
interface DerivationRules {
  /** Warn that structured attrs ignore the old top-level output checks (Nix 2.26). */
  readonly warnLegacyChecks: boolean;
  /** Whether errors about the derivation are shown at its `name` attribute (Nix 2.8). */
  readonly errorsAtName: boolean;
  /** Whether an output may be called `drv` (Nix 2.26). */
  readonly allowsDrvOutput: boolean;
  /** The error text for `__contentAddressed` without the ca-derivations feature. */
  readonly caDisabled: string;
  /** Traces a failure of attribute `key` (at `keyPos`; the name at `namePos`). */
  readonly traceAttr: (e: NixError, key: string, drvName: string, keyPos: Span | undefined, namePos: Span | undefined) => void;
  /** Checks the name first, as Nix 2.26 does (Nix 2.8 finds a bad one when making paths). */
  readonly checkName: (name: string) => void;
  /** Traces any failure once the name is known. */
  readonly traceDerivation: (e: NixError, drvName: string, namePos: Span | undefined) => void;
}

const DERIVATION_RULES: Readonly<Record<NixVersion, DerivationRules>> = {
  "2.8": {
    warnLegacyChecks: false,
    errorsAtName: true,
    allowsDrvOutput: false,
    caDisabled: "experimental Nix feature 'ca-derivations' is disabled; use '--extra-experimental-features ca-derivations' to override",
    traceAttr: (e, key, drvName, _keyPos, namePos) => e.addTrace(`while evaluating the attribute '${key}' of the derivation '${drvName}'`, namePos),
    checkName: () => undefined,
    traceDerivation: () => undefined,
  },
  "2.26": {
    warnLegacyChecks: true,
    errorsAtName: false,
    allowsDrvOutput: true,
    caDisabled: "experimental Nix feature 'ca-derivations' is disabled; add '--extra-experimental-features ca-derivations' to enable it",
    traceAttr: (e, key, drvName, keyPos) => {
      if (e.span === undefined) e.positionless = true;
      e.addTrace(`while evaluating attribute '${key}' of derivation '${drvName}'`, keyPos);
    },
    checkName: (name) => {
      const problem = storeNameProblem(name);
      if (problem !== undefined) throw new EvalError(`invalid derivation name: ${problem}. Please pass a different 'name'.`);
      if (name.endsWith(".drv")) throw new EvalError("derivation names are allowed to end in '.drv' only if they produce a single derivation file");
    },
    traceDerivation: (e, drvName, namePos) => {
      if (e.span === undefined) e.positionless = true;
      e.addTrace(`while evaluating derivation '${drvName}'\n  whose name attribute is located at ${namePos ? SHOW_POS["2.26"](namePos) : "«none»"}`);
    },
  },
};

/** The output checks that structured attrs take per output (`outputChecks.<output>.NAME`). */
const LEGACY_OUTPUT_CHECKS = new Set(["allowedReferences", "allowedRequisites", "disallowedReferences", "disallowedRequisites", "maxSize", "maxClosureSize"]);

function derivationStrict(ctx: EvalContext, attrsV: Value): Value {
  const attrs = ctx.forceAttrs(attrsV);
  const nameV = requireAttr(ctx, attrs, "name", "derivationStrict", "in the attrset passed as argument to builtins.derivationStrict");
  const namePos = attrs.positions?.get("name");
  let drvName: string;
  try {
    drvName = forceStringNoContext(ctx, nameV);
  } catch (e) {
    inContext(ctx, e, "while evaluating the `name` attribute passed to builtins.derivationStrict");
    if (e instanceof NixError) e.addTrace("while evaluating the derivation attribute 'name'", namePos);
    throw e;
  }
  try {
    return derivationOf(ctx, attrs, drvName, namePos);
  } catch (e) {
    if (e instanceof NixError) DERIVATION_RULES[ctx.nixVersion].traceDerivation(e, drvName, namePos);
    throw e;
  }
}

/** The rest of derivationStrict once the name is known. */
function derivationOf(ctx: EvalContext, attrs: NixAttrs, drvName: string, namePos: Span | undefined): Value {
  const rules = DERIVATION_RULES[ctx.nixVersion];
  rules.checkName(drvName);
  const ignoreNulls = attrs.has("__ignoreNulls") ? ctx.forceBool(attrs.get("__ignoreNulls") as Value) : false;
  const structured = attrs.has("__structuredAttrs") ? ctx.forceBool(attrs.get("__structuredAttrs") as Value) : false;
  const context = new Set<string>();
  const env = dictionary<string>();
  const json: string[] = [];
  const args: string[] = [];
  let builder = "";
  let system = "";
  let outputs: string[] | undefined;
  let outputHash: string | undefined;
  let outputHashAlgo = "";
  let outputHashMode: "flat" | "recursive" = "flat";
  // Nix positions most of these errors at the `name` attribute, coercion errors of an
  // environment value at that attribute, and the rest at the call.
  const atName = <T>(f: () => T): T => (rules.errorsAtName ? positioned(namePos, f) : f());
  const setMode = (s: string) => {
    if (s === "recursive" || s === "flat") outputHashMode = s;
    else throw new EvalError(`invalid value '${s}' for 'outputHashMode' attribute`, rules.errorsAtName ? namePos : undefined);
  };
  const setOutputs = (names: string[]) => {
    outputs = atName(() => checkOutputs(names, rules.allowsDrvOutput));
  };
  for (const key of attrs.sortedKeys()) {
    if (key === "__ignoreNulls") continue;
    const v = attrs.get(key) as Value;
    try {
      if (ignoreNulls && ctx.force(v) === null) continue;
      if (key === "__contentAddressed") {
        if (ctx.forceBool(v)) throw new HostError(rules.caDisabled);
      } else if (key === "args") {
        for (const e of ctx.forceList(v))
          args.push(
            atName(() => {
              try {
                return ctx.coerceToString(e, context, { coerceMore: true, copyToStore: true });
              } catch (err) {
                throw inContext(ctx, err, "while evaluating an element of the argument list");
              }
            }),
          );
      } else if (structured) {
        if (key === "__structuredAttrs") continue;
        if (rules.warnLegacyChecks && LEGACY_OUTPUT_CHECKS.has(key))
          ctx.host.printError(
            `warning: In a derivation named '${drvName}', 'structuredAttrs' disables the effect of the derivation attribute '${key}'; use 'outputChecks.<output>.${key}' instead`,
          );
        const sink = new JsonSink();
        writeValueAsJSON(ctx, v, ctx.currentSpan(), sink, context, { strict: true, copyToStore: true });
        json.push(`${JSON.stringify(key)}:${sink.parts.join("")}`);
        const str = () => atName(() => ctx.forceStringWithContext(v)).s;
        if (key === "builder") builder = str();
        else if (key === "system") system = str();
        else if (key === "outputHash") outputHash = str();
        else if (key === "outputHashAlgo") outputHashAlgo = str();
        else if (key === "outputHashMode") setMode(str());
        else if (key === "outputs") setOutputs(atName(() => ctx.forceList(v).map((e) => forceStringNoContext(ctx, e))));
      } else {
        const coerce = () => ctx.coerceToString(v, context, { coerceMore: true, copyToStore: true });
        const s = rules.errorsAtName ? positioned(attrs.positions?.get(key), coerce) : coerce();
        env[key] = s;
        if (key === "builder") builder = s;
        else if (key === "system") system = s;
        else if (key === "outputHash") outputHash = s;
        else if (key === "outputHashAlgo") outputHashAlgo = s;
        else if (key === "outputHashMode") setMode(s);
        else if (key === "outputs") setOutputs(s.split(/[ \t\n\r]+/).filter((x) => x !== ""));
      }
    } catch (e) {
      if (e instanceof NixError) rules.traceAttr(e, key, drvName, attrs.positions?.get(key), namePos);
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
      for (const p of closure(ctx, d.drv)) {
        inputSrcs.add(p);
        if (isDerivationPath(p)) addDrvOutputs(p, Object.keys(ctx.store.readDerivation(p).outputs));
      }
    } else if (d.kind === "output") addDrvOutputs(d.drv, [d.output]);
    else inputSrcs.add(d.path);
  }
  const drvOutputs = dictionary<string[]>();
  for (const [k, v] of inputDrvs) drvOutputs[k] = [...v].sort();
  const input: DerivationInput = {
    name: drvName,
    system,
    builder,
    args,
    env,
    outputs,
    allowDrvOutput: rules.allowsDrvOutput,
    fixedOutput: outputHash !== undefined ? { hashAlgo: outputHashAlgo, hash: outputHash, mode: outputHashMode } : undefined,
    inputDrvs: drvOutputs,
    inputSrcs: [...inputSrcs],
    structuredAttrs: structured,
  };
  const r = atName(() => writeDerivationOf(input, ctx.store, { warn: (m) => ctx.host.printError(`warning: ${m}`) }));
  const result = new Map<string, Value>();
  result.set("drvPath", new NixString(r.drvPath, new Set(["=" + r.drvPath])));
  for (const [o, p] of Object.entries(r.outputs)) result.set(o, new NixString(p, new Set([`!${o}!${r.drvPath}`])));
  return new NixAttrs(result);
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
    arity: 0,
    doc: "Creates a derivation: a set per output with outPath, drvPath, type = \"derivation\" and all attributes (Nix code, as in Nix).",
    value: (ctx, baseEnv) => new Thunk(ctx.compileSource(derivationNixSource), baseEnv),
  },
  {
    name: "placeholder",
    arity: 1,
    doc: "The placeholder string that stands for an output's path in a derivation's attributes.",
    impl: ([o], ctx) => hashPlaceholder(forceStringNoContext(ctx, o as Value)),
  },
  {
    name: "toFile",
    arity: 2,
    lazy: true,
    doc: "Writes a string to a store file and returns its path (with context).",
    impl: ([nameV, textV], ctx) => {
      const name = forceStringNoContext(ctx, nameV as Value);
      const { s, context } = ctx.forceStringWithContext(textV as Value);
      const refs: string[] = [];
      for (const c of context) {
        const d = decodeContext(c);
        if (d.kind !== "path")
          throw new EvalError(`in 'toFile': the file named '${name}' must not contain a reference to a derivation but contains (${c})`);
        refs.push(d.path);
      }
      // Restricted evaluation may not read it back (Nix 2.8 allows only copied sources and fetches).
      const p = ctx.store.addTextToStore(name, s, refs);
      return new NixString(p, new Set([p]));
    },
  },
];


