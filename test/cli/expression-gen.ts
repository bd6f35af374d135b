// A generator of random Nix expressions for the whole-language differential suite: mostly
// well-typed (by construction, per expected type) so that values get printed, with a small share
// of wrong types, failing asserts and throws so that errors, positions and traces get compared.

/** A deterministic pseudo-random source (the suite's cases depend only on the seed). */
export class Rng {
  constructor(private state: number) {}
  next(): number {
    this.state = (Math.imul(this.state, 1103515245) + 12345) & 0x7fffffff;
    return this.state / 0x7fffffff;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

type Ty = "int" | "str" | "bool" | "list" | "set" | "fn" | "any";

/** The bindings every expression can use: `let PRELUDE in <expr>`. */
export const PRELUDE =
  'x = 3; y = "s"; b = true; s = { a = 1; b = [ 2 ]; c = "c"; }; l = [ 1 "a" { a = 2; } ]; f = z: z; g = { a ? 1, ... }: a;';

/** One random expression (of about `depth` levels) over the prelude's names. */
export function expression(rng: Rng, depth: number): string {
  return `let ${PRELUDE} in ${gen(rng, rng.pick<Ty>(["int", "str", "bool", "list", "set", "any"]), depth)}`;
}

function gen(rng: Rng, ty: Ty, d: number): string {
  // Now and then anything at all: a type error, a throw, an assert.
  if (rng.chance(0.04)) return rng.pick(['(throw "boom")', "(assert x == 4; x)", "null", "(1 + true)", "s.nope", "(abort \"stop\")"]);
  const concrete: Exclude<Ty, "any"> = ty === "any" ? rng.pick<Exclude<Ty, "any">>(["int", "str", "bool", "list", "set", "fn"]) : ty;
  const g = (t: Ty) => gen(rng, t, d - 1);
  if (d <= 0) {
    switch (concrete) {
      case "int":
        return rng.pick(["0", "1", "2", "x", "-1", "s.a", "(builtins.length l)"]);
      case "str":
        return rng.pick(['""', '"a"', "y", "s.c", '"${y}!"', "''\n  i ${y}\n''"]);
      case "bool":
        return rng.pick(["true", "false", "b"]);
      case "list":
        return rng.pick(["[ ]", "l", "s.b", "[ 1 2 ]"]);
      case "set":
        return rng.pick(["{ }", "s", "{ a = 1; }", "rec { a = 1; b = a; }"]);
      default:
        return rng.pick(["f", "g", "(x: x)", "builtins.length"]);
    }
  }
  const choices: Record<Exclude<Ty, "any">, Array<() => string>> = {
    int: [
      () => `(${g("int")} + ${g("int")})`,
      () => `(${g("int")} - ${g("int")})`,
      () => `(${g("int")} * ${g("int")})`,
      () => `(builtins.length ${g("list")})`,
      () => `(builtins.stringLength ${g("str")})`,
      () => `(if ${g("bool")} then ${g("int")} else ${g("int")})`,
      () => `(let v = ${g("int")}; in v + 1)`,
      () => `(${g("set")}.a or ${g("int")})`,
      () => `(builtins.foldl' (a: e: a + 1) ${g("int")} ${g("list")})`,
      () => `(f ${g("int")})`,
      () => `(g ${g("set")})`,
      () => `(builtins.compareVersions ${g("str")} ${g("str")})`,
      () => `(builtins.div ${g("int")} ${rng.pick(["1", "2", "x"])})`,
      () => `(({ a, b ? a + 1, ... }@args: b + builtins.length (builtins.attrNames args)) { a = ${g("int")}; })`,
      () => `({ __functor = self: n: n + self.k; k = ${g("int")}; } ${g("int")})`,
      () => `(let fix = h: let r = h r; in r; in (fix (self: { a = ${g("int")}; b = self.a; })).b)`,
      () => `((builtins.tryEval ${g("int")}).value or 0)`,
      () => `(builtins.seq ${g("any")} ${g("int")})`,
      () => `(builtins.bitAnd ${g("int")} 6)`,
      () => `(builtins.bitXor ${g("int")} (builtins.bitOr ${g("int")} 5))`,
      () => `(9223372036854775807 + ${g("int")})`,
      () => `(${g("int")} / ${g("int")})`,
      () => `(builtins.ceil (${g("int")} / 2.0))`,
      () => `(let a.b = ${g("int")}; a.c = 1; in a.b + a.c)`,
      () => `(assert ${g("bool")}; ${g("int")})`,
      () => `(builtins.getAttr "a" ${g("set")})`,
      () => `(builtins.elemAt ${g("list")} ${g("int")})`,
      () => `(let inherit (builtins) length; in length ${g("list")})`,
      () => `(builtins.deepSeq ${g("any")} ${g("int")})`,
      () => `(rec { a = ${g("int")}; b = { c = a; }; }.b.c)`,
      () => `(builtins.head ${g("list")})`,
    ],
    str: [
      () => `(${g("str")} + ${g("str")})`,
      () => `"a\${${g("str")}}b"`,
      () => `(toString ${g("int")})`,
      () => `(builtins.concatStringsSep "," (map toString ${g("list")}))`,
      () => `(builtins.replaceStrings [ "a" ] [ "b" ] ${g("str")})`,
      () => `(builtins.substring ${g("int")} 2 ${g("str")})`,
      () => `(builtins.toJSON ${g(rng.pick<Ty>(["int", "str", "list", "set"]))})`,
      () => `(builtins.typeOf ${g("any")})`,
      () => `(if ${g("bool")} then ${g("str")} else ${g("str")})`,
      () => `(with ${g("set")}; ${g("str")})`,
      () => `(builtins.hashString "md5" ${g("str")})`,
      () => `(toString { __toString = self: ${g("str")}; })`,
      () => `"\${{ outPath = ${g("str")}; }}"`,
      () => `(toString [ ${g("int")} ${g("str")} null true ])`,
      () => `(builtins.unsafeDiscardStringContext ${g("str")})`,
      () => `(let inherit (s) c; in c + ${g("str")})`,
      () => `(${g("set")}.c or "none")`,
      () => `(toString (${g("int")} * 1.5))`,
      () => `(builtins.toJSON (${g("int")} / 3.0))`,
      () => `(builtins.toXML ${g("any")})`,
      () => `(builtins.baseNameOf ${g("str")})`,
      () => `(builtins.dirOf ${g("str")})`,
      () => `(builtins.concatStringsSep ${g("str")} [ ${g("str")} ${g("str")} ])`,
      () => `''a \${${g("str")}} ''\${x} '''b\n  c''`,
      () => `"\n\t\\\${x}\${${g("str")}}"`,
      () => `(builtins.toJSON (builtins.fromJSON (builtins.toJSON ${g("any")})))`,
      () => `(toString (./a + "/" + ${g("str")}))`,
      () => `(builtins.elemAt (builtins.split "(a)|b" ${g("str")}) 0)`,
      () => `"\${derivation { name = "d"; system = "x"; builder = ${g("str")}; }}"`,
      () => `(builtins.unsafeDiscardOutputDependency (derivation { name = "d"; system = "x"; builder = "b"; v = ${g("str")}; }).drvPath)`,
      () => `(builtins.toJSON (builtins.getContext ${g("str")}))`,
      () => `(derivation { name = ${g("str")}; system = "x"; builder = "b"; outputs = [ "out" "dev" ]; }).dev.outPath`,
      () => `(builtins.toFile "f" ${g("str")})`,
      () => `(builtins.placeholder ${g("str")})`,
      () => `(builtins.unsafeDiscardStringContext (toString (derivation { name = "d"; system = "x"; builder = "b"; a = ${g("any")}; })))`,
    ],
    bool: [
      () => `(${g("int")} < ${g("int")})`,
      () => `(${g("any")} == ${g("any")})`,
      () => `(${g("bool")} && ${g("bool")})`,
      () => `(${g("bool")} || ${g("bool")})`,
      () => `(!${g("bool")})`,
      () => `(${g("set")} ? a)`,
      () => `(builtins.elem ${g("int")} ${g("list")})`,
      () => `(builtins.isString ${g("any")})`,
      () => `(builtins.match "a.*" ${g("str")} != null)`,
      () => `(builtins.any (e: e == 1) ${g("list")})`,
      () => `(${g("str")} < ${g("str")})`,
      () => `([ 1 ${g("int")} ] < [ 1 ${g("int")} ])`,
      () => `(${g("int")} == 1.0)`,
      () => `(builtins.hasAttr ${g("str")} ${g("set")})`,
      () => `(builtins.isAttrs ${g("any")})`,
      () => `(builtins.all (e: ${g("bool")}) ${g("list")})`,
      () => `(${g("bool")} -> ${g("bool")})`,
      () => `(${g("set")} ? a.b)`,
      () => `(builtins.hasContext ${g("str")})`,
    ],
    list: [
      () => `[ ${g("any")} ${g("any")} ]`,
      () => `(${g("list")} ++ ${g("list")})`,
      () => `(map (e: ${g("any")}) ${g("list")})`,
      () => `(builtins.filter (e: ${g("bool")}) ${g("list")})`,
      () => `(builtins.attrNames ${g("set")})`,
      () => `(builtins.attrValues ${g("set")})`,
      () => `(builtins.tail ${g("list")})`,
      () => `(builtins.genList (i: i * ${g("int")}) 3)`,
      () => `(builtins.sort (p: q: p < q) [ 3 1 ${g("int")} ])`,
      () => `(builtins.split "," ${g("str")})`,
      () => `(builtins.catAttrs "a" [ ${g("set")} ${g("set")} ])`,
      () => `(builtins.concatMap (e: [ e e ]) ${g("list")})`,
      () => `(builtins.genericClosure { startSet = [ { key = 1; } ]; operator = e: if e.key < builtins.bitAnd ${g("int")} 7 then [ { key = e.key + 1; } ] else [ ]; })`,
      () => `(builtins.match "(a)(.*)" ${g("str")})`,
      () => `(builtins.splitVersion ${g("str")})`,
      () => `(builtins.concatLists [ ${g("list")} [ ${g("any")} ] ])`,
      () => `(builtins.sort (p: q: p > q) [ ${g("int")} ${g("int")} 2 ])`,
      () => `[ (./a + ${g("str")}) ./b/../c ]`,
    ],
    set: [
      () => `{ a = ${g("any")}; c = ${g("any")}; }`,
      () => `(${g("set")} // ${g("set")})`,
      () => `rec { a = ${g("int")}; b = a + 1; }`,
      () => `(builtins.mapAttrs (n: v: ${g("any")}) ${g("set")})`,
      () => `(builtins.removeAttrs ${g("set")} [ "a" ])`,
      () => `(builtins.listToAttrs [ { name = ${g("str")}; value = ${g("any")}; } ])`,
      () => `{ inherit (${g("set")}) a; inherit x; }`,
      () => `(builtins.intersectAttrs ${g("set")} ${g("set")})`,
      () => `(let t = ${g("set")}; in t // { z = t; })`,
      () => `(builtins.tryEval ${g("any")})`,
      () => `(builtins.functionArgs ({ a, b ? 1 }: a))`,
      () => `(builtins.parseDrvName ${g("str")})`,
      () => `{ "\${${g("str")}}" = ${g("any")}; }`,
      () => `(with ${g("set")}; { inherit a; })`,
      () => `(builtins.zipAttrsWith (n: vs: vs) [ ${g("set")} ${g("set")} ])`,
      () => `(builtins.groupBy (e: builtins.typeOf e) ${g("list")})`,
      () => `(builtins.partition (e: builtins.isInt e) ${g("list")})`,
      () => `{ a.b = ${g("any")}; a.c = ${g("any")}; }`,
      () => `{ a = { b = ${g("any")}; }; a.c = 1; }`,
      () => `(let r = rec { a = ${g("int")}; b = a; }; in r // { a = 5; })`,
      () => `(({ a ? ${g("any")}, ... }@p: p) { b = ${g("any")}; })`,
      () => `(builtins.fromJSON "{\\"a\\": [1, 2.5, null, true, \\"x\\", 1e3]}")`,
      () => `(builtins.fromTOML "a = 1\n[b]\nc = \\"x\\"")`,
      () => `(builtins.unsafeGetAttrPos "a" ${g("set")})`,
      () => `(builtins.mapAttrs (n: v: n) (builtins.removeAttrs ${g("set")} [ ${g("str")} ]))`,
      () => `(derivation { name = "d"; system = "x"; builder = "b"; a = ${g("any")}; })`,
      () => `(builtins.getContext ${g("str")})`,
    ],
    fn: [() => `(v: ${g("any")})`, () => `({ a, b ? ${g("any")} }: a)`, () => "builtins.map", () => `(builtins.add ${g("int")})`],
  };
  return rng.pick(choices[concrete])();
}
