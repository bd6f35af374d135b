// XML output of Nix 2.8: `builtins.toXML` and the `nix-instantiate --xml` printer. Elements are
// indented by two spaces, attributes sorted by name, sets printed in Nix order, derivations once
// per `drvPath` (later as `<repeated />`), builtins as `<unevaluated />`, and with `location` on,
// `line`/`column`/`path` attributes for attribute definitions and lambdas.

import { STRING_SOURCE } from "../../parser/ast.js";

import { lineColumn, type Span } from "../../parser/ast.js";
import { NixTypeError, StackOverflowError, withPartialOutput } from "../../errors.js";
import type { EvalContext } from "../context.js";
import { formatFloat } from "../format.js";
import { isDerivation } from "../operators.js";
import {
  Lambda,
  NixAttrs,
  NixFloat,
  NixPath,
  NixString,
  Thunk,
  ThunkState,
  showType,
  type Value,
} from "../value.js";
import { mkString } from "./strings.js";
import type { BuiltinDef } from "./types.js";
import type { NixVersion } from "../../nix-version.js";
import { inTextSource, TEXT_POSITIONS_HAVE_FILE } from "../../parser/positions.js";
import { escapeString, type EscapeOf } from "../../escape.js";

/** Escapes an attribute value as Nix's XMLWriter does. */
function escapeXml(s: string): string {
  return escapeString(s, xmlEscape, "", "");
}

const xmlEscape: EscapeOf = (c) =>
  c === 60 ? "&lt;" : c === 62 ? "&gt;" : c === 38 ? "&amp;" : c === 34 ? "&quot;" : c === 10 ? "&#xA;" : undefined;

type XmlAttrs = Array<[string, string]>;

/** A tiny indenting XML writer with Nix's layout. */
class XmlWriter {
  out = "<?xml version='1.0' encoding='utf-8'?>\n";
  private depth = 0;
  private readonly openNames: string[] = [];

  /** Closes every open element, as Nix's writer does when an error unwinds it. */
  closeAll(): void {
    while (this.openNames.length > 0) this.close(this.openNames[this.openNames.length - 1]!);
  }

  private tag(name: string, attrs: XmlAttrs): string {
    let s = "<" + name;
    for (const [k, v] of [...attrs].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)))
      s += ` ${k}="${escapeXml(v)}"`;
    return s;
  }
  open(name: string, attrs: XmlAttrs = []): void {
    this.out += "  ".repeat(this.depth) + this.tag(name, attrs) + ">\n";
    this.depth++;
    this.openNames.push(name);
  }
  close(name: string): void {
    this.openNames.pop();
    this.depth--;
    this.out += "  ".repeat(this.depth) + `</${name}>\n`;
  }
  empty(name: string, attrs: XmlAttrs = []): void {
    this.out += "  ".repeat(this.depth) + this.tag(name, attrs) + " />\n";
  }
}

/** The `line`, `column` and `path` attributes of a position. Nix 2.8 gives `-E` text as the path. */
function positionAttrs(span: Span | undefined, version: NixVersion): XmlAttrs {
  if (!span) return [];
  const { line, column } = lineColumn(span.file, span.start);
  const lc: XmlAttrs = [
    ["line", String(line)],
    ["column", String(column)],
  ];
  if (!TEXT_POSITIONS_HAVE_FILE[version] && inTextSource(span)) return lc;
  return [...lc, ["path", span.file.name === STRING_SOURCE ? span.file.text : span.file.name]];
}

/** The name of a lambda's plain or `@` argument. */
function lambdaArgName(fn: Lambda): string | undefined {
  return fn.chunk.argName ?? undefined;
}

interface PrintState {
  readonly ctx: EvalContext;
  readonly strict: boolean;
  readonly location: boolean;
  readonly context: Set<string>;
  readonly drvsSeen: Set<string>;
  readonly w: XmlWriter;
  /** What is left to print, last first (an explicit stack: deep values need no deep JS stack). */
  readonly todo: (() => void)[];
}

/** Schedules a set's attributes (each an `attr` element around its value), in name order. */
function printAttrs(st: PrintState, attrs: NixAttrs): void {
  const names = attrs.sortedKeys();
  for (let i = names.length - 1; i >= 0; i--) {
    const name = names[i]!;
    st.todo.push(
      () => st.w.close("attr"),
      () => printValue(st, attrs.get(name)!),
      () => st.w.open("attr", [["name", name], ...(st.location ? positionAttrs(attrs.positions?.get(name), st.ctx.nixVersion) : [])]),
    );
  }
}

/** Schedules the end of an element opened now, after what is scheduled next. */
function closeLater(st: PrintState, name: string): void {
  st.todo.push(() => st.w.close(name));
}

function printValue(st: PrintState, v: Value): void {
  const { ctx, w } = st;
  if (st.strict) v = ctx.force(v);
  else if (v instanceof Thunk) {
    if (v.state !== ThunkState.Done) return w.empty("unevaluated");
    v = v.value;
  }
  if (v === null) return w.empty("null");
  if (typeof v === "boolean") return w.empty("bool", [["value", v ? "true" : "false"]]);
  if (typeof v === "number" || typeof v === "bigint") return w.empty("int", [["value", String(v)]]);
  if (typeof v === "string") return w.empty("string", [["value", v]]);
  if (v instanceof NixString) {
    for (const c of v.context) st.context.add(c);
    return w.empty("string", [["value", v.s]]);
  }
  if (v instanceof NixFloat) return w.empty("float", [["value", formatFloat(v.value)]]);
  if (v instanceof NixPath) return w.empty("path", [["value", v.path]]);
  if (Array.isArray(v)) {
    w.open("list");
    closeLater(st, "list");
    for (let i = v.length - 1; i >= 0; i--) {
      const e = v[i]!;
      st.todo.push(() => printValue(st, e));
    }
    return;
  }
  if (v instanceof NixAttrs) {
    if (isDerivation(ctx, v)) {
      const attrs: XmlAttrs = [];
      let drvPath = "";
      for (const [key, attr] of [
        ["drvPath", "drvPath"],
        ["outPath", "outPath"],
      ] as const) {
        let a = v.get(attr);
        if (a === undefined) continue;
        if (st.strict) a = ctx.force(a);
        const s = typeof a === "string" ? a : a instanceof NixString ? a.s : undefined;
        if (s === undefined) continue;
        attrs.push([key, s]);
        if (key === "drvPath") drvPath = s;
      }
      w.open("derivation", attrs);
      if (drvPath !== "" && !st.drvsSeen.has(drvPath)) {
        st.drvsSeen.add(drvPath);
        closeLater(st, "derivation");
        printAttrs(st, v);
        return;
      }
      w.empty("repeated");
      return w.close("derivation");
    }
    w.open("attrs");
    closeLater(st, "attrs");
    printAttrs(st, v);
    return;
  }
  if (v instanceof Lambda) {
    w.open("function", st.location ? positionAttrs(v.chunk.span, st.ctx.nixVersion) : []);
    const formals = v.chunk.formals;
    const argName = lambdaArgName(v);
    if (formals) {
      const attrs: XmlAttrs = [];
      if (formals.ellipsis) attrs.push(["ellipsis", "1"]);
      if (argName !== undefined) attrs.push(["name", argName]);
      w.open("attrspat", attrs);
      for (const f of [...formals.names].sort()) w.empty("attr", [["name", f]]);
      w.close("attrspat");
    } else w.empty("varpat", [["name", argName ?? ""]]);
    return w.close("function");
  }
  if (v instanceof Thunk) throw new NixTypeError(`cannot print ${showType(v)} as XML`);
  // Built-in functions and partial applications.
  w.empty("unevaluated");
}

/**
 * Prints a value as Nix 2.8's XML (`--xml`, and `builtins.toXML` without locations).
 * With `strict` (the default) values are forced as they are printed; otherwise unevaluated
 * thunks print as `<unevaluated />`. String contexts met are added to `context` if given.
 * `keepPartial`: on an error, attach the output so far (elements closed) to it, for the CLI.
 */
export function printXml(
  ctx: EvalContext,
  value: Value,
  location: boolean,
  options: { strict?: boolean; context?: Set<string>; keepPartial?: boolean } = {},
): string {
  const w = new XmlWriter();
  const st: PrintState = {
    ctx,
    strict: options.strict ?? true,
    location,
    context: options.context ?? new Set(),
    drvsSeen: new Set(),
    w,
    todo: [],
  };
  w.open("expr");
  try {
    printValue(st, value);
    for (let task = st.todo.pop(); task !== undefined; task = st.todo.pop()) task();
  } catch (e) {
    if (!options.keepPartial) throw e;
    // Unwinding, Nix's XML writer closes the open elements; a stack overflow ends Nix at once.
    if (!(e instanceof StackOverflowError)) w.closeAll();
    throw withPartialOutput(e, w.out);
  }
  w.close("expr");
  return w.out;
}

function toXML(args: Value[], ctx: EvalContext): Value {
  const context = new Set<string>();
  const s = printXml(ctx, args[0]!, false, { strict: true, context });
  return mkString(s, context);
}

/** `toXML`. */
export const xmlBuiltins: BuiltinDef[] = [
  { name: "toXML", arity: 1, impl: toXML, doc: "Serialises a value as Nix's XML (what `--xml` prints)." },
];
