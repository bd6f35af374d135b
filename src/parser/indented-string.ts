// Indentation stripping for Nix indented strings (''...''), as Nix does it: the minimum
// indentation over lines that have non-space content (escapes and ${} count as content) is
// removed from every line, and a final line of only spaces is dropped (Nix 2.26 then also drops
// the string parts left empty).

import type { Expr, Span } from "./ast.js";

/** One piece of an indented string: literal text (`ind`: raw text, not an escape) or an expression. */
export interface IndPart {
  str?: string;
  ind: boolean;
  expr?: Expr;
  start: number;
  end: number;
}

/** Builds the String or Interpolation node of an indented string from its pieces; with
 * `dropEmpty`, string parts that stripping leaves empty are left out. */
export function stripIndentation(parts: readonly IndPart[], span: Span, mkSpan: (start: number, end: number) => Span, dropEmpty = false): Expr {
  // Minimum indentation; whitespace-only lines do not count, escapes and ${} end a line's indentation.
  let atStart = true;
  let minIndent = 1000000;
  let cur = 0;
  for (const p of parts) {
    if (p.str === undefined || !p.ind) {
      if (atStart) {
        atStart = false;
        if (cur < minIndent) minIndent = cur;
      }
      continue;
    }
    const str = p.str;
    for (let j = 0; j < str.length; j++) {
      const c = str.charCodeAt(j);
      if (atStart) {
        if (c === 32) cur++;
        else if (c === 10) cur = 0;
        else {
          atStart = false;
          if (cur < minIndent) minIndent = cur;
        }
      } else if (c === 10) {
        atStart = true;
        cur = 0;
      }
    }
  }
  // Strip.
  const out: Expr[] = [];
  // Where each part starts (its `${` for an expression): Nix reports coercion errors there.
  const partSpans: Span[] = [];
  atStart = true;
  let dropped = 0;
  for (let k = 0; k < parts.length; k++) {
    const p = parts[k]!;
    if (p.str === undefined) {
      atStart = false;
      dropped = 0;
      out.push(p.expr!);
      partSpans.push(mkSpan(p.start, p.end));
      continue;
    }
    const str = p.str;
    let r = "";
    let runStart = 0;
    for (let j = 0; j < str.length; j++) {
      const c = str.charCodeAt(j);
      if (atStart) {
        if (c === 32) {
          if (dropped++ >= minIndent) r += " ";
        } else if (c === 10) {
          dropped = 0;
          r += "\n";
        } else {
          atStart = false;
          dropped = 0;
          // Copy the rest of this line in one go.
          runStart = j;
          let q = str.indexOf("\n", j);
          if (q < 0) q = str.length;
          else {
            q++;
            atStart = true;
          }
          r += str.slice(runStart, q);
          j = q - 1;
        }
      } else {
        let q = str.indexOf("\n", j);
        if (q < 0) q = str.length;
        else {
          q++;
          atStart = true;
        }
        r += str.slice(j, q);
        j = q - 1;
      }
    }
    if (k === parts.length - 1) {
      const nl = r.lastIndexOf("\n");
      if (nl >= 0) {
        let allSpaces = true;
        for (let j = nl + 1; j < r.length; j++) if (r.charCodeAt(j) !== 32) { allSpaces = false; break; }
        if (allSpaces) r = r.slice(0, nl + 1);
      }
    }
    if (dropEmpty && r === "") continue;
    out.push({ kind: "String", span: mkSpan(p.start, p.end), value: r });
    partSpans.push(mkSpan(p.start, p.end));
  }
  if (out.length === 0) return { kind: "String", span, value: "" };
  if (out.length === 1 && out[0]!.kind === "String") return { kind: "String", span, value: out[0].value };
  return { kind: "Interpolation", span, parts: out, partSpans };
}
