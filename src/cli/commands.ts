// What the CLI does with an evaluated value: call a top-level function with --arg/--argstr,
// follow -A attribute paths, print in --eval/--json/--xml form, instantiate derivations (print
// their .drv paths), and `nixts show-derivation` (Nix's JSON for .drv files).

import { STRING_SOURCE } from "../parser/ast.js";

import { readFileSync } from "node:fs";
import path from "node:path";
import { EvalError, NixTypeError } from "../errors.js";
import type { CliOptions } from "./options.js";
import type { EvalState } from "../eval/state.js";
import { toByteString } from "../eval/index.js";
import { printValue } from "../eval/print.js";
import { printXml } from "../eval/builtins/xml.js";
import { JsonSink, writeValueAsJSON } from "../eval/builtins/json.js";
import type { NixVersion } from "../nix-version.js";
import { Lambda, NixAttrs, showType, Thunk, ThunkState, valuePosition, type Value } from "../eval/value.js";
import { withPartialOutput } from "../errors.js";
import { isDerivation } from "../eval/operators.js";
import { bestMatches } from "../eval/suggestions.js";
import type { Span } from "../parser/ast.js";
import { dictionary, parseDerivation, showDerivation } from "../derivation/index.js";

/** Calls a top-level function with `--arg`/`--argstr` values, as nix-instantiate does. */
export function autoCall(state: EvalState, v: Value, opts: CliOptions, cwd: string): Value {
  const f = state.force(v);
  if (opts.args.length === 0 && opts.mode === "eval") return f;
  return callWithArgs(state, f, opts, cwd);
}

/** Nix's autoCallFunction: calls a function taking a set with the --arg/--argstr values. */
function callWithArgs(state: EvalState, v: Value, opts: CliOptions, cwd: string): Value {
  const f = state.force(v);
  if (f instanceof NixAttrs && f.map.has("__functor")) {
    return callWithArgs(state, state.call(state.force(f.map.get("__functor") as Value), f), opts, cwd);
  }
  if (!(f instanceof Lambda)) return f;
  const formals = f.chunk.formals;
  if (!formals) return f;
  const supplied = new Map<string, Value>();
  for (const a of opts.args) {
    // Names and values are byte strings (as the command line gave them).
    supplied.set(a.name, a.isString ? a.value : state.evalSource({ name: STRING_SOURCE, baseDir: toByteString(cwd), text: a.value }));
  }
  const arg = new Map<string, Value>();
  // Formals in Nix's (symbol) order, which decides the one reported missing.
  const order = formals.names.map((n, i) => ({ n, i })).sort((a, b) => state.symbolRank(a.n) - state.symbolRank(b.n));
  for (const { n, i } of order) {
    const s = supplied.get(n);
    if (s !== undefined) arg.set(n, s);
    else if (!formals.defaults[i])
      throw new EvalError(
        `cannot evaluate a function that has an argument without a value ('${n}')\n\n` +
          "Nix attempted to evaluate a function as a top level expression; in\n" +
          "this case it must have its arguments supplied either by default\n" +
          "values, or passed explicitly with '--arg' or '--argstr'. See\n" +
          "https://nixos.org/manual/nix/stable/#ss-functions.",
        (formals.spans as readonly (Span | undefined)[] | undefined)?.[i],
      );
  }
  if (formals.ellipsis) for (const [k, s] of supplied) arg.set(k, s);
  return state.call(f, new NixAttrs(arg));
}

/** Splits an `-A` attribute path as Nix's parseAttrPath does: at dots, except inside double
 * quotes; an empty last part is dropped (so `""` and `a.` select what precedes). */
export function parseAttrPath(attrPath: string): string[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < attrPath.length; i++) {
    const c = attrPath[i]!;
    if (c === ".") {
      parts.push(cur);
      cur = "";
    } else if (c === '"') {
      for (i++; ; i++) {
        if (i >= attrPath.length) throw new EvalError(`missing closing quote in selection path '${attrPath}'`);
        if (attrPath[i] === '"') break;
        cur += attrPath[i];
      }
    } else cur += c;
  }
  if (cur !== "") parts.push(cur);
  return parts;
}

/** Follows an `-A` attribute path as Nix's findAlongAttrPath does (`a.b.0."c.d"`: a part that
 * is an unsigned 32-bit number indexes a list). */
export function selectAttrPath(state: EvalState, v: Value, attrPath: string, opts: CliOptions, cwd: string): Value {
  let cur = state.force(v);
  for (const part of parseAttrPath(attrPath)) {
    // nix-instantiate calls functions met along the path with the --arg values (or defaults).
    cur = state.force(callWithArgs(state, cur, opts, cwd));
    const index = /^\+?\d+$/.test(part) && Number(part) < 2 ** 32 ? Number(part) : undefined;
    if (index !== undefined) {
      if (!Array.isArray(cur)) throw new NixTypeError(`the expression selected by the selection path '${attrPath}' should be a list but is ${showType(cur)}`);
      if (index >= cur.length) throw new EvalError(`list index ${index} in selection path '${attrPath}' is out of range`);
      cur = state.force(cur[index] as Value);
    } else {
      if (!(cur instanceof NixAttrs)) throw new NixTypeError(`the expression selected by the selection path '${attrPath}' should be a set but is ${showType(cur)}`);
      if (part === "") throw new EvalError(`empty attribute name in selection path '${attrPath}'`);
      const x = cur.map.get(part);
      if (x === undefined) {
        const e = new EvalError(`attribute '${part}' in selection path '${attrPath}' not found`);
        e.suggestions = bestMatches(cur.map.keys(), part);
        throw e;
      }
      cur = state.force(x);
    }
  }
  return cur;
}

/** What follows `--json` output: nothing in Nix 2.8, a newline in Nix 2.26. */
const JSON_OUTPUT_END: Readonly<Record<NixVersion, string>> = { "2.8": "", "2.26": "\n" };

/** Prints an evaluated result as `nix-instantiate --eval` does for the given flags. */
export function printResult(state: EvalState, v: Value, opts: CliOptions): string {
  if (opts.json) {
    // nix-instantiate 2.8 --json prints no newline after its output; on an error, what it had
    // written stays (see JsonSink.partialText).
    const sink = new JsonSink();
    try {
      // The position Nix passes along is the value's own (Value::determinePos).
      const own = v instanceof Thunk && v.state === ThunkState.Done ? v.value : v;
      writeValueAsJSON(state, v, valuePosition(own, undefined, state.emptySetSpan), sink, new Set(), { strict: opts.strict, copyToStore: true });
    } catch (e) {
      throw withPartialOutput(e, sink.partialText(state.nixVersion));
    }
    return sink.parts.join("") + JSON_OUTPUT_END[state.nixVersion];
  }
  if (opts.xml) return printXml(state, v, opts.location, { strict: opts.strict, keepPartial: true });
  // --strict forces the whole value first (with Nix's traces), then prints it.
  if (opts.strict) state.deepForce(v);
  return printValue(state, v, { strict: opts.strict }) + "\n";
}

/**
 * `nix-instantiate FILE`: the derivations of a value as Nix's getDerivations finds them (a
 * derivation; a set's attributes with plain names, recursing where `recurseForDerivations` is
 * true; a list's elements, recursing into anything that is not a derivation; functions called
 * with the --arg values), each once. Returns stdout: `DRV` or `DRV!OUTPUT` lines (or records).
 */
export function runInstantiate(state: EvalState, v: Value, showRecord: boolean, opts: CliOptions, cwd: string, warn: (line: string) => void): string {
  const out: string[] = [];
  const done = new Set<object>();
  /** Nix's getDerivation: false once a derivation is taken, true for anything else. */
  const take = (x: Value): boolean => {
    const f = state.force(x);
    if (!(f instanceof NixAttrs) || !isDerivation(state, f)) return true;
    if (done.has(f.map)) return false;
    done.add(f.map);
    const drvPath = state.forceString(f.map.get("drvPath") as Value);
    const outputNameV = f.map.get("outputName");
    const outputName = outputNameV === undefined ? "" : state.forceString(outputNameV);
    if (outputName === "") throw new EvalError(`derivation '${drvPath}' lacks an 'outputName' attribute`);
    if (!showRecord && !opts.addRoot && !opts.noGcWarning && out.length === 0) warn("warning: you did not specify '--add-root'; the result might be removed by the garbage collector");
    out.push(showRecord ? describeDerivation(state, drvPath) : drvPath + (outputName !== "out" ? "!" + outputName : ""));
    return false;
  };
  const walk = (x: Value): void => {
    const f = state.force(callWithArgs(state, x, opts, cwd));
    if (!take(f)) return;
    if (f instanceof NixAttrs) {
      for (const k of f.sortedKeys()) {
        if (!/^[A-Za-z_][A-Za-z0-9\-_+]*$/.test(k)) continue;
        const a = f.map.get(k) as Value;
        if (take(a)) {
          const av = state.force(a);
          if (av instanceof NixAttrs) {
            const r = av.map.get("recurseForDerivations");
            if (r !== undefined && state.forceBool(r)) walk(av);
          }
        }
      }
    } else if (Array.isArray(f)) {
      for (const e of f) if (take(e)) walk(e);
    } else throw new NixTypeError("expression does not evaluate to a derivation (or a set or list of those)");
  };
  walk(v);
  return out.map((l) => l + "\n").join("");
}

/** A readable summary of an instantiated derivation record. */
function describeDerivation(state: EvalState, drvPath: string): string {
  const drv = state.store.readDerivation(drvPath);
  const lines = [`derivation ${drvPath}`, `  name:    ${drv.name}`];
  const version = drv.env["version"];
  if (version !== undefined) lines.push(`  version: ${version}`);
  const shortArgs = drv.args.map((a) => JSON.stringify(a.length > 40 ? a.slice(0, 40) + "…" : a));
  lines.push(`  system:  ${drv.system}`, `  builder: ${drv.builder}`, `  args:    [ ${shortArgs.join(", ")} ]`, "  outputs:");
  for (const [name, o] of Object.entries(drv.outputs)) lines.push(`    ${name}: ${o.path}`);
  lines.push("  inputs:");
  for (const [p, outs] of Object.entries(drv.inputDrvs)) lines.push(`    ${p} (${outs.join(", ")})`);
  for (const p of drv.inputSrcs) lines.push(`    ${p}`);
  return lines.join("\n");
}

/** `nixts show-derivation DRV...` (byte-string paths): prints Nix 2.8's JSON for .drv files. */
export function runShowDerivation(files: string[], write: (bytes: string) => void, cwd: string): number {
  const result = dictionary<unknown>();
  for (const f of files) {
    // `f` is a byte string (as the command line gave it); so is the file's text.
    const text = readFileSync(Buffer.from(path.resolve(toByteString(cwd), f), "latin1")).toString("latin1");
    const name = f.slice(f.lastIndexOf("/") + 1).replace(/^[a-z0-9]{32}-/, "").replace(/\.drv$/, "");
    result[f] = parseDerivation(text, name);
  }
  write(showDerivation(result as never));
  return 0;
}
