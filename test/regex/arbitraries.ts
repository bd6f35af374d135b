// fast-check generators for the regex differential suite: structured POSIX extended patterns
// (nested groups, empty alternatives, stacked and counted quantifiers, anchors anywhere, bracket
// edge cases) and "token soup" patterns that are often invalid, with subjects over the same
// small alphabet so that matches, partial matches and backtracking all happen.

import fc from "fast-check";

const bracketBody = fc.constantFrom(
  "ab", "^a", "a-c", "^a-b", "]a", "^]a", "a-", "-a", "--", "[:alpha:]", "[:digit:]", "[:space:]", "[:punct:]",
  "[:w:]", "[:upper:][:lower:]", "[.hyphen.]", "[.a.]-c", "[=a=]", "a[:digit:]b", "\\", ".", "[", "*", "^-",
  "a-c-", "[.period.]", "\u00e0-\u00ff", "^\u00e9", "a-\u00e9", "[:ALPHA:]", "[:Digit:]",
);

const plainAtom = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom("a", "b", "c", "-", ".", "1", " ") },
  { weight: 1, arbitrary: fc.constantFrom("\u00e9", "\u00ff", "A", "\n") },
  { weight: 4, arbitrary: bracketBody.map((b) => `[${b}]`) },
  { weight: 2, arbitrary: fc.constantFrom("\\.", "\\*", "\\(", "\\|", "\\\\", "\\{", "]", "}", "\\^", "\\$") },
);

const quantifier = fc.oneof(
  { weight: 12, arbitrary: fc.constant("") },
  { weight: 6, arbitrary: fc.constantFrom("*", "+", "?") },
  { weight: 3, arbitrary: fc.constantFrom("{0}", "{1}", "{2}", "{0,1}", "{1,2}", "{0,2}", "{2,}", "{0,}", "{1,}") },
  { weight: 1, arbitrary: fc.constantFrom("**", "*?", "?*", "+*", "*+", "??", "{1}*", "*{2}", "+{0,1}") },
);

/** A structured pattern: alternatives of sequences of quantified atoms, groups up to `depth`,
 * at most `maxLength` bytes (longer nested loops backtrack exponentially in Nix as well). */
export function structuredPattern(depth = 3, maxLength = 30): fc.Arbitrary<string> {
  const tree = fc.letrec<{ alts: string; seq: string; atom: string }>((tie) => ({
    alts: fc
      .array(tie("seq"), { minLength: 1, maxLength: 3, depthIdentifier: "re" })
      .map((xs) => xs.join("|")),
    seq: fc.oneof(
      { weight: 1, arbitrary: fc.constant("") },
      {
        weight: 8,
        arbitrary: fc
          .array(
            fc.oneof(
              { weight: 8, arbitrary: fc.tuple(tie("atom"), quantifier).map(([a, q]) => a + q) },
              { weight: 1, arbitrary: fc.constantFrom("^", "$") },
            ),
            { minLength: 1, maxLength: 4, depthIdentifier: "re" },
          )
          .map((xs) => xs.join("")),
      },
    ),
    atom: fc.oneof(
      { depthSize: "small", maxDepth: depth },
      plainAtom,
      tie("alts").map((r) => `(${r})`),
    ),
  }));
  return tree.alts.filter((p) => p.length <= maxLength);
}

/** Fragments glued at random: mostly invalid patterns, to compare syntax errors. */
export const soupPattern: fc.Arbitrary<string> = fc
  .array(
    fc.constantFrom(
      "a", "b", "(", ")", "|", "*", "+", "?", "{", "}", "{1", "{1,", "{,2}", "{2,1}", "{1,2}", "{3}", "[", "]",
      "[a", "[^", "[z-a]", "[a-[:digit:]]", "[[:nope:]]", "[[:alpha:]", "[[.one.]]", "[[=1=]]", "[[.", "\\", "\\n",
      "\\]", "\\a", "\\}", "\\.", "^", "$", ".", "-", "{99999999999}", "{4294967297}", "{2147483648}",
      "[b-a-c]", "[a-c-e]", "[[.a.]-[.c.]]", "[[:digit:]-z]", "[--a]", "[a--]", "()", "(|)", "x{1}{2}",
      "[a-\u00e9]", "[\u00e9-a]", "[\u00e0-\u00ff]", "[[=A=]]", "[[=one=]]", "[[:xdigit:]-]", "{0}", "a{0,0}",
    ),
    { minLength: 1, maxLength: 5 },
  )
  .map((xs) => xs.join(""));

/** Subjects over the patterns' alphabet (with a few bytes beyond ASCII), of up to `maxLength`
 * bytes and at least `minLength`. */
export function subject(maxLength = 8, minLength = 0): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 20, arbitrary: fc.constantFrom("a", "b", "c", "a", "b", "-", ".", "1", " ") },
        { weight: 1, arbitrary: fc.constantFrom("A", "]", "\\", "*", "\n", "\u00e9", "\u00ff") },
      ),
      { minLength, maxLength, size: "max" },
    )
    .map((xs) => xs.join(""));
}
