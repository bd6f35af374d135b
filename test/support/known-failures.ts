// Known failures of nixts's 2.26 mode in the suites that run against both oracles: a list file
// per suite (a line starting with `#` is a comment, saying the cause of the entries below it), and
// the way a suite runs the listed cases: as expected failures (`it.fails`, titled "... (known
// failure)", which CI counts apart), so that one that starts passing fails the suite until it is
// taken off the list. Suites of named cases list names; generated batches list patterns.

import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { it } from "vitest";
import { repoRoot } from "./oracle.js";

/** The entries of a known-failures file (a path from the repository root); none if absent. */
export function listedFailures(file: string): Set<string> {
  const p = path.join(repoRoot, file);
  if (!existsSync(p)) return new Set();
  return new Set(
    readFileSync(p, "latin1")
      .split("\n")
      .filter((l) => l !== "" && !l.startsWith("#")),
  );
}

/** The title CI counts as a known failure (scripts/count-results.mjs). */
export const knownTitle = (name: string) => `${name} (known failure)`;

/** One test per named case: `it(name, body)`, or an expected failure when the list names it. */
export function caseTest(listed: ReadonlySet<string>, name: string, body: () => unknown, timeout?: number): void {
  if (listed.has(name)) it.fails(knownTitle(name), body, timeout);
  else it(name, body, timeout);
}

/**
 * The known failures of a generated batch, where cases are too many to name: each entry is a
 * regular expression over a disagreement's text (the case, a newline, then how the two sides
 * differ), written for one cause. A batch passes when every disagreement matches an entry.
 */
export class KnownPatterns {
  readonly patterns: ReadonlyArray<{ source: string; re: RegExp; title: string }>;
  /** `exact`: the entries are case names, not regular expressions. */
  constructor(listed: ReadonlySet<string>, options: { exact?: boolean } = {}) {
    this.patterns = [...listed].map((source) =>
      options.exact
        ? { source, re: new RegExp(`^${source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\n`), title: source }
        : { source, re: new RegExp(source), title: `/${source}/` },
    );
  }

  /** The disagreements (case → how they differ) that no entry matches: none, or the batch fails. */
  unlisted(disagreements: ReadonlyMap<string, string>): string[] {
    return [...disagreements].map(([k, how]) => `${k}\n${how}`).filter((t) => !this.patterns.some((p) => p.re.test(t)));
  }

  /**
   * One expected failure per entry, declared after the tests that run the batches:
   * `disagreements()` gives every disagreement of the batches, or undefined if they did not all
   * run. An entry's test fails (as expected) while some disagreement matches it, and passes,
   * failing the suite, once none does.
   */
  declare(disagreements: () => ReadonlyMap<string, string> | undefined): void {
    for (const p of this.patterns)
      it.fails(knownTitle(p.title), () => {
        const d = disagreements();
        if (d === undefined) throw new Error("the batches did not run");
        const hits = [...d].map(([k, how]) => `${k}\n${how}`).filter((t) => p.re.test(t));
        if (hits.length > 0) throw new Error(`${hits.length} cases still differ, such as:\n${hits[0]}`);
      });
  }
}
