// The evaluator's public API: evaluate a source text or a file to a value, force it, print it,
// and convert values to plain JS. Everything outside the evaluator is reached through the
// injectable Host and Store in EvalOptions.

import { STRING_SOURCE } from "../parser/ast.js";

import type { Source } from "../parser/ast.js";
import { EvalState, toNixError, type EvalOptions } from "./state.js";
import { printValue } from "./print.js";
import { NixAttrs, NixFloat, NixPath, NixString, type Value } from "./value.js";

export { EvalState, parseSearchPath, type EvalOptions, type SearchPathEntry } from "./state.js";
export { printValue, type PrintOptions } from "./print.js";
export type { Host, FileType } from "./host.js";
export { pureHost } from "./host.js";
export * from "./value.js";

/** Encodes a JS (UTF-16) string as a byte string (UTF-8 bytes, one char each). */
export function toByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const bytes = new TextEncoder().encode(s);
  let out = "";
  for (const b of bytes) out += String.fromCharCode(b);
  return out;
}

/** Decodes a byte string (UTF-8) into a JS string. */
export function fromByteString(s: string): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(s)) return s;
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

/** Options of {@link evaluate}: evaluation options plus where the source is said to come from. */
export interface EvaluateOptions extends EvalOptions {
  /** Directory relative paths are resolved against (default `/`). */
  baseDir?: string;
  /** Name shown in errors (default `«string»`). */
  name?: string;
  /** An existing state to evaluate in (shares imports and store). */
  state?: EvalState;
}

/** Evaluates a Nix expression given as a JS string; returns its value in weak head normal form. */
export function evaluate(source: string, options: EvaluateOptions = {}): Value {
  const state = options.state ?? new EvalState(options);
  const src: Source = { name: options.name ?? STRING_SOURCE, baseDir: options.baseDir ?? "/", text: toByteString(source) };
  try {
    return state.evalSource(src);
  } catch (e) {
    throw toNixError(e);
  }
}

/** Evaluates a file (a directory means its default.nix). */
export function evaluateFile(path: string, options: EvalOptions & { state?: EvalState } = {}): Value {
  const state = options.state ?? new EvalState(options);
  try {
    return state.force(state.importFile(toByteString(path)));
  } catch (e) {
    throw toNixError(e);
  }
}

/** Converts a value to plain JS, forcing it deeply: ints as number/bigint, floats as number,
 * strings decoded from UTF-8, paths as strings, sets as objects, lists as arrays; functions are
 * returned as the Nix value itself. A set or list met again (derivations contain themselves:
 * `drv.out` is `drv`) becomes the same JS object, so cycles stay cycles. */
export function toJS(state: EvalState, v: Value): unknown {
  try {
    return convert(state, v, new Map());
  } catch (e) {
    throw toNixError(e);
  }
}

/** The conversion of toJS, on an explicit stack (values nested 100,000 deep convert like flat
 * ones), forcing in the order a recursive walk would: list elements in order, attributes by name. */
function convert(state: EvalState, root: Value, seen: Map<object, unknown>): unknown {
  let result: unknown;
  const values: Value[] = [root];
  const puts: ((r: unknown) => void)[] = [(r) => (result = r)];
  while (values.length > 0) {
    const x = state.force(values.pop() as Value);
    const put = puts.pop()!;
    if (x === null || typeof x === "boolean" || typeof x === "number" || typeof x === "bigint") put(x);
    else if (typeof x === "string") put(fromByteString(x));
    else if (x instanceof NixString) put(fromByteString(x.s));
    else if (x instanceof NixFloat) put(x.value);
    else if (x instanceof NixPath) put(fromByteString(x.path));
    else if (Array.isArray(x)) {
      const known = seen.get(x);
      if (known !== undefined) {
        put(known);
        continue;
      }
      const out: unknown[] = new Array<unknown>(x.length);
      seen.set(x, out);
      put(out);
      for (let i = x.length - 1; i >= 0; i--) {
        values.push(x[i]!);
        puts.push((r) => (out[i] = r));
      }
    } else if (x instanceof NixAttrs) {
      const known = seen.get(x.map);
      if (known !== undefined) {
        put(known);
        continue;
      }
      const o: Record<string, unknown> = {};
      seen.set(x.map, o);
      put(o);
      const keys = x.sortedKeys();
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        values.push(x.map.get(k) as Value);
        // An attribute named `__proto__` is an own property, as every other name.
        puts.push((r) => {
          if (k === "__proto__") Object.defineProperty(o, k, { value: r, enumerable: true, writable: true, configurable: true });
          else o[fromByteString(k)] = r;
        });
      }
    } else put(x);
  }
  return result;
}

/** Prints a value as `nix-instantiate --eval --strict` does. */
export function showValue(state: EvalState, v: Value, strict = true): string {
  return printValue(state, v, { strict });
}
