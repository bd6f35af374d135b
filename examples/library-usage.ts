// nixts as a library: evaluate the kernel example with arguments built in TypeScript, override
// it, read the frozen Derivation record back from the store and hand it to a stub executor.
// Inside this repository we import the sources; a published user writes instead
//   import { EvalState, evaluate } from "nixts";  import { nodeHost } from "nixts/node";
//   import type { Derivation } from "nixts/derivation";

import { fileURLToPath } from "node:url";
import { EvalState, evaluate, NixAttrs, NixFloat, toByteString, toJS, type Value } from "../src/eval/index.js";
import { nodeHost } from "../src/node/host-node.js";
import { outputPaths, type Derivation } from "../src/derivation/index.js";

/** The kernel example's folder (absolute, no trailing slash). */
export const kernelDir = fileURLToPath(new URL("./kernel", import.meta.url));

/** Plain JSON-like data that can be handed to Nix. */
export type JsData = null | boolean | number | string | JsData[] | { [key: string]: JsData };

/** Converts plain JS data to a Nix value: integers stay ints, other numbers become floats,
 * strings are encoded to Nix's UTF-8 byte strings, objects become attribute sets. */
export function toNixValue(data: JsData): Value {
  if (data === null || typeof data === "boolean") return data;
  if (typeof data === "number") return Number.isSafeInteger(data) ? data : new NixFloat(data);
  if (typeof data === "string") return toByteString(data);
  if (Array.isArray(data)) return data.map(toNixValue);
  return new NixAttrs(new Map(Object.entries(data).map(([k, v]) => [toByteString(k), toNixValue(v)])));
}

/** A Nix string literal holding `s` (for splicing JSON into an expression text). */
export function nixStringLiteral(s: string): string {
  return '"' + s.replace(/[\\"]/g, (c) => "\\" + c).replace(/\$\{/g, "\\${") + '"';
}

/** What the stub executor reports: the command it would run and where the results would go. */
export interface ExecutionPlan {
  readonly drv: Derivation;
  readonly command: readonly string[];
  readonly outputs: Readonly<Record<string, string>>;
  readonly inputs: readonly string[];
}

/** A stand-in for a real builder: prints what it would run for a derivation, runs nothing. */
export function executor(drv: Derivation, print: (line: string) => void = console.log): ExecutionPlan {
  const command = [drv.builder, ...drv.args];
  const outputs = outputPaths(drv);
  const inputs = [...Object.keys(drv.inputDrvs), ...drv.inputSrcs];
  print(`would build ${drv.name} on ${drv.system}:`);
  print(`  run:     ${drv.builder} ${drv.args.map((a) => (a.includes("\n") ? `<script, ${a.split("\n").length} lines>` : a)).join(" ")}`);
  print(`  env:     ${Object.keys(drv.env).length} variables (version=${drv.env["version"] ?? "?"}, modDirVersion=${drv.env["modDirVersion"] ?? "?"})`);
  for (const [name, p] of Object.entries(outputs)) print(`  output:  ${name} -> ${p}`);
  print(`  inputs:  ${inputs.length} store paths`);
  return { drv, command, outputs, inputs };
}

/** What {@link main} did, for tests and callers. */
export interface ExampleResult {
  /** The `-E`-style expression evaluated first (absolute paths, usable with nix-instantiate). */
  readonly expression: string;
  /** The arguments given to `.override` afterwards. */
  readonly overrideArgs: JsData;
  readonly drvPath: string;
  readonly overriddenDrvPath: string;
  readonly plans: readonly ExecutionPlan[];
}

/** Evaluates, overrides and "executes" a kernel; `print` receives the report lines. */
export function main(print: (line: string) => void = console.log): ExampleResult {
  const state = new EvalState({ host: nodeHost() });

  // 1. Arguments from a JS object, spliced into an expression as JSON (the `-E` style); the
  //    source tree is a Nix path, so it is written in the expression itself.
  const kernelArgs: JsData = {
    version: "6.1",
    config: { "64BIT": "y", MODULES: "y", MODULE_SIG: "y", EXT4_FS: "m" },
    extraMakeFlags: ["KCFLAGS=-O2"],
  };
  const expression =
    `import ${kernelDir}/manual-config.nix ` +
    `(builtins.fromJSON ${nixStringLiteral(JSON.stringify(kernelArgs))} // { src = ${kernelDir}/linux-src; })`;
  const kernel = state.forceAttrs(evaluate(expression, { state, baseDir: kernelDir }));
  const drvPath = state.forceString(kernel.get("drvPath") as Value);
  print(`kernel ${toJS(state, kernel.get("version") as Value)} (modDirVersion ${toJS(state, kernel.get("modDirVersion") as Value)}): ${drvPath}`);

  // 2. `.override` called from TS with a Nix value built directly from JS data.
  const overrideArgs: JsData = { version: "6.6", config: { "64BIT": "y", MODULES: "n" } };
  const overridden = state.forceAttrs(state.call(kernel.get("override") as Value, toNixValue(overrideArgs)));
  const overriddenDrvPath = state.forceString(overridden.get("drvPath") as Value);
  print(`overridden to 6.6 without modules: ${overriddenDrvPath}`);

  // 3. The frozen records, read back from the (in-memory) store, go to the executor.
  const plans = [drvPath, overriddenDrvPath].map((p) => executor(state.store.readDerivation(p), print));
  return { expression, overrideArgs, drvPath, overriddenDrvPath, plans };
}

const isScript = process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1];
if (isScript) main();
