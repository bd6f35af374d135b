// What the CLI does with an evaluated value: call a top-level function with --arg/--argstr,
// follow -A attribute paths, print in --eval/--json/--xml form, instantiate derivations (print
// their .drv paths), and `nixts show-derivation` (Nix's JSON for .drv files).

import { STRING_SOURCE } from "../parser/ast.js";

import { readFileSync } from "node:fs";
import path from "node:path";
import { EvalError, NixTypeError } from "../errors.js";
import type { CliOptions } from "./main.js";
import type { EvalState } from "../eval/state.js";
import { toByteString } from "../eval/index.js";
import { printValue } from "../eval/print.js";
import { printXml } from "../eval/builtins/xml.js";
import { JsonSink, writeValueAsJSON } from "../eval/builtins/json.js";
import { Lambda, NixAttrs, Thunk, ThunkState, type Value } from "../eval/value.js";
import { withPartialOutput } from "../errors.js";
import { bestMatches } from "../eval/suggestions.js";
import type { Span } from "../parser/ast.js";
import { parseDerivation, showDerivation } from "../derivation/index.js";

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
    const name = toByteString(a.name);
    supplied.set(
      name,
      a.isString ? toByteString(a.value) : state.evalSource({ name: STRING_SOURCE, baseDir: toByteString(cwd), text: toByteString(a.value) }),
    );
  }
  const arg = new Map<string, Value>();
  formals.names.forEach((n, i) => {
    const s = supplied.get(n);
    if (s !== undefined) arg.set(n, s);
    else if (!formals.defaults[i]) throw new EvalError(`cannot evaluate a function that has an argument without a value ('${n}')`);
  });
  if (formals.ellipsis) for (const [k, s] of supplied) arg.set(k, s);
  return state.call(f, new NixAttrs(arg));
}

/** Follows an `-A` attribute path (`a.b.0.c`; numbers index lists). */
export function selectAttrPath(state: EvalState, v: Value, attrPath: string, opts: CliOptions, cwd: string): Value {
  let cur = state.force(v);
  if (attrPath === "") return cur;
  for (const part of attrPath.split(".")) {
    // nix-instantiate calls functions met along the path with the --arg values (or defaults).
    cur = callWithArgs(state, cur, opts, cwd);
    if (/^\d+$/.test(part)) {
      if (!Array.isArray(cur)) throw new NixTypeError(`the expression selected by the selection path '${attrPath}' should be a list but is ${typeof cur}`);
      const i = Number(part);
      if (i >= cur.length) throw new EvalError(`list index ${i} in selection path '${attrPath}' is out of range`);
      cur = state.force(cur[i] as Value);
    } else {
      const s = state.forceAttrs(cur);
      const x = s.map.get(toByteString(part));
      if (x === undefined) {
        const e = new EvalError(`attribute '${part}' in selection path '${attrPath}' not found`);
        e.suggestions = bestMatches(s.map.keys(), toByteString(part));
        throw e;
      }
      cur = state.force(x);
    }
  }
  return cur;
}

/** Prints an evaluated result as `nix-instantiate --eval` does for the given flags. */
export function printResult(state: EvalState, v: Value, opts: CliOptions): string {
  if (opts.json) {
    // nix-instantiate --json streams its output (no newline after it): on an error, what was
    // written stays, with the open containers closed.
    const sink = new JsonSink();
    try {
      writeValueAsJSON(state, v, ownPosition(v), sink, new Set(), { strict: opts.strict, copyToStore: true });
    } catch (e) {
      throw withPartialOutput(e, sink.closedText());
    }
    return sink.parts.join("");
  }
  if (opts.xml) return printXml(state, v, opts.location, { strict: opts.strict, keepPartial: true });
  // --strict forces the whole value first (with Nix's traces), then prints it.
  if (opts.strict) state.deepForce(v);
  return printValue(state, v, { strict: opts.strict }) + "\n";
}

/** Nix's Value::determinePos: a set literal's or a lambda's own position. */
function ownPosition(v: Value): Span | undefined {
  const f = v instanceof Thunk && v.state === ThunkState.Done ? v.value : v;
  return f instanceof NixAttrs ? f.span : f instanceof Lambda ? f.chunk.span : undefined;
}

/** Finds the derivations in a value as nix-instantiate does and instantiates them; returns the lines it prints. */
export function runInstantiate(state: EvalState, v: Value, showRecord: boolean): string {
  const out: string[] = [];
  const visit = (x: Value, top: boolean) => {
    const f = state.force(x);
    if (f instanceof NixAttrs) {
      const t = f.map.get("type");
      if (t !== undefined && state.force(t) === "derivation") {
        const drvPath = state.forceString(f.map.get("drvPath") as Value);
        if (showRecord) out.push(describeDerivation(state, drvPath));
        else out.push(drvPath);
        return;
      }
      if (top || (f.map.has("recurseForDerivations") && state.force(f.map.get("recurseForDerivations") as Value) === true))
        for (const k of f.sortedKeys()) visit(f.map.get(k) as Value, false);
      return;
    }
    if (Array.isArray(f) && top) for (const e of f) visit(e, false);
  };
  visit(v, true);
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

/** `nixts show-derivation DRV...`: prints Nix 2.8's JSON for .drv files. */
export function runShowDerivation(files: string[], write: (bytes: string) => void, cwd: string): number {
  const result: Record<string, unknown> = {};
  for (const f of files) {
    const text = readFileSync(path.resolve(cwd, f)).toString("latin1");
    const name = f.slice(f.lastIndexOf("/") + 1).replace(/^[a-z0-9]{32}-/, "").replace(/\.drv$/, "");
    result[f] = parseDerivation(text, name);
  }
  write(showDerivation(result as never));
  return 0;
}
