// A light scan of TOML text for what smol-toml does not report: where each date/time and integer
// value is written (its text, line and columns, and how many arrays enclose it). Nix 2.26 keeps
// a timestamp's text as written and reports an out-of-range integer at its position. Strings
// and comments are skipped; the scan never fails (on text it cannot follow it finds less).

/** A date/time or integer value as written. */
export interface TomlToken {
  readonly kind: "datetime" | "integer";
  readonly text: string;
  /** Offset of the first character. */
  readonly start: number;
  /** 1-based line, and the 0-based column just past the token. */
  readonly line: number;
  readonly endColumn: number;
  /** Arrays around the value (inline tables do not count). */
  readonly arrayDepth: number;
}

const DATETIME =
  /(?:\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})?)?|\d{2}:\d{2}:\d{2}(?:\.\d+)?)(?![0-9A-Za-z_:.+-])/y;
const INTEGER = /[+-]?(?:0x[0-9A-Fa-f_]+|0o[0-7_]+|0b[01_]+|[0-9_]+)(?![0-9A-Za-z_.+-])/y;

/** The date/time and integer values of a TOML text, in source order. */
export function scanTomlValues(text: string): TomlToken[] {
  const out: TomlToken[] = [];
  // Open arrays ("[") and inline tables ("{") around the current position.
  const open: string[] = [];
  let expectValue = false;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  const newline = (at: number) => {
    line++;
    lineStart = at + 1;
  };
  /** Skips a string starting at `i` (any of the four kinds), counting lines. */
  const skipString = () => {
    const q = text[i]!;
    const multi = text.startsWith(q.repeat(3), i);
    i += multi ? 3 : 1;
    while (i < text.length) {
      const c = text[i]!;
      if (c === "\\" && q === '"') {
        if (text[i + 1] === "\n") newline(i + 1);
        i += 2;
        continue;
      }
      if (c === "\n") {
        if (!multi) return;
        newline(i);
      }
      if (multi ? text.startsWith(q.repeat(3), i) : c === q) {
        i += multi ? 3 : 1;
        // A multi-line string may end with up to two more quotes.
        if (multi) while (text[i] === q) i++;
        return;
      }
      i++;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === "\n") {
      newline(i);
      i++;
      if (open.length === 0) expectValue = false;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (c === "#") {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (c === '"' || c === "'") {
      skipString();
      expectValue = false;
      continue;
    }
    if (c === "=") {
      expectValue = true;
      i++;
      continue;
    }
    if (c === "[") {
      if (expectValue) open.push("[");
      else {
        // A table header: its keys hold no values.
        while (i < text.length && text[i] !== "\n") {
          if (text[i] === '"' || text[i] === "'") skipString();
          else if (text[i] === "]" && text[i + 1] !== "]") {
            i++;
            break;
          } else i++;
        }
        continue;
      }
      i++;
      continue;
    }
    if (c === "{") {
      open.push("{");
      expectValue = false;
      i++;
      continue;
    }
    if (c === "]" || c === "}") {
      open.pop();
      expectValue = false;
      i++;
      continue;
    }
    if (c === ",") {
      expectValue = open[open.length - 1] === "[";
      i++;
      continue;
    }
    // A value (when one is expected) or a key: up to the next character that means something.
    if (expectValue) {
      expectValue = false;
      const arrayDepth = open.filter((o) => o === "[").length;
      const found = ([["datetime", DATETIME], ["integer", INTEGER]] as const).find(([, re]) => ((re.lastIndex = i), re.test(text)));
      if (found) {
        const [kind, re] = found;
        const end = re.lastIndex;
        out.push({ kind, text: text.slice(i, end), start: i, line, endColumn: end - lineStart, arrayDepth });
        i = end;
        continue;
      }
    }
    i++;
    while (i < text.length && !" \t\r\n#=,[]{}\"'".includes(text[i]!)) i++;
  }
  return out;
}
