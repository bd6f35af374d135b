// Loads chevrotain for the lexer and parser. Its package entry imports hundreds of lodash-es
// modules (about 0.4 s at every start of the CLI); the package also ships the same library as
// one ESM file, lib/chevrotain.mjs, which loads in a few milliseconds: use that when it resolves.

import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    const bundle = new URL("../chevrotain.mjs", import.meta.resolve("chevrotain"));
    return (await import(bundle.href)) as typeof Chevrotain;
  } catch {
    return await import("chevrotain");
  }
}

/** The chevrotain module (11.x). */
export const chevrotain: typeof Chevrotain = await load();
