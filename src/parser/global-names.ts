// The names bound in Nix 2.8's base environment, which scope resolution treats as the outermost
// lexical scope: every builtin as `__name`, plus the ones Nix also binds without the prefix.
// src/eval/builtins/index.ts must provide exactly these (a test checks it).

/** `builtins.attrNames builtins` in Nix 2.8, in Nix's order. */
export const BUILTIN_NAMES: readonly string[] = ["abort","add","addErrorContext","all","any","appendContext","attrNames","attrValues","baseNameOf","bitAnd","bitOr","bitXor","builtins","catAttrs","ceil","compareVersions","concatLists","concatMap","concatStringsSep","currentSystem","currentTime","deepSeq","derivation","derivationStrict","dirOf","div","elem","elemAt","false","fetchGit","fetchMercurial","fetchTarball","fetchTree","fetchurl","filter","filterSource","findFile","floor","foldl'","fromJSON","fromTOML","functionArgs","genList","genericClosure","getAttr","getContext","getEnv","groupBy","hasAttr","hasContext","hashFile","hashString","head","import","intersectAttrs","isAttrs","isBool","isFloat","isFunction","isInt","isList","isNull","isPath","isString","langVersion","length","lessThan","listToAttrs","map","mapAttrs","match","mul","nixPath","nixVersion","null","parseDrvName","partition","path","pathExists","placeholder","readDir","readFile","removeAttrs","replaceStrings","scopedImport","seq","sort","split","splitVersion","storeDir","storePath","stringLength","sub","substring","tail","throw","toFile","toJSON","toPath","toString","toXML","trace","true","tryEval","typeOf","unsafeDiscardOutputDependency","unsafeDiscardStringContext","unsafeGetAttrPos","zipAttrsWith"];

/** Builtins that Nix 2.8 also binds at top level without the `__` prefix. */
export const UNPREFIXED_NAMES: ReadonlySet<string> = new Set([
  "abort", "baseNameOf", "builtins", "derivation", "derivationStrict", "dirOf", "false", "fetchGit",
  "fetchMercurial", "fetchTarball", "fetchTree", "fromTOML", "import", "isNull", "map", "null",
  "placeholder", "removeAttrs", "scopedImport", "throw", "toString", "true",
]);

/** Top-level name of a builtin: `map` stays `map`, `add` is `__add`. */
export function globalNameOf(builtin: string): string {
  return UNPREFIXED_NAMES.has(builtin) ? builtin : "__" + builtin;
}

/** Every name in the base environment, in slot order (the index is the slot). */
export const GLOBAL_NAMES: readonly string[] = BUILTIN_NAMES.map(globalNameOf);
