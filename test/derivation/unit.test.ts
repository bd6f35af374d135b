// Unit tests that need no Nix: frozen records, ATerm parse/unparse round trips, base-32 and
// hash round trips (property-based), hash parse errors, NAR of in-memory trees, MemoryStore.

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { useNodeCrypto } from "../../src/node/store-node.js";
import {
  DerivationError,
  MemoryStore,
  computeDerivationPath,
  decodeNixBase32,
  hashBytes,
  nobleHasherFactory,
  setHasherFactory,
  encodeNixBase32,
  instantiateDerivation,
  isStorePath,
  narOfTree,
  parseDerivation,
  parseHash,
  parseNar,
  printHash,
  unparseDerivation,
  writeDerivationOf,
  type HashAlgo,
} from "../../src/derivation/index.js";

const input = {
  name: "hello",
  system: "x86_64-linux",
  builder: "/bin/sh",
  args: ["-c", "echo \"hi\"\n\t\\ > $out"],
  env: { name: "hello", system: "x86_64-linux", builder: "/bin/sh", "1": "numeric key", z: "ü" },
  outputs: ["out", "dev"],
  inputDrvs: {},
  inputSrcs: [],
};

describe("frozen records", () => {
  test("the result and derivation are deeply frozen; mutation throws in strict mode", () => {
    const r = instantiateDerivation(input, new MemoryStore());
    expect(Object.isFrozen(r)).toBe(true);
    expect(Object.isFrozen(r.derivation.env)).toBe(true);
    expect(Object.isFrozen(r.derivation.outputs.out)).toBe(true);
    expect(Object.isFrozen(r.derivation.args)).toBe(true);
    expect(() => {
      (r.derivation.env as Record<string, string>).out = "x";
    }).toThrow(TypeError);
    expect(() => {
      (r.derivation.args as string[]).push("x");
    }).toThrow(TypeError);
    expect(() => {
      (r.outputs as Record<string, string>).out = "x";
    }).toThrow(TypeError);
  });
  test("a record the evaluator wrote unfrozen is deeply frozen when the store hands it out", () => {
    const store = new MemoryStore();
    const { drvPath } = writeDerivationOf({ ...input, inputDrvs: {} }, store);
    for (const d of [store.readDerivation(drvPath), store.entries.get(drvPath)!.derivation!]) {
      expect([d, d.env, d.outputs, d.outputs.out, d.args, d.inputDrvs, d.inputSrcs].every((x) => Object.isFrozen(x))).toBe(true);
      expect(d).toEqual(instantiateDerivation(input, new MemoryStore()).derivation);
    }
  });
});

describe("ATerm", () => {
  test("parse(unparse(drv)) is drv, and the drv path is stable", () => {
    const store = new MemoryStore();
    const r = instantiateDerivation(input, store);
    const text = unparseDerivation(r.derivation);
    expect(parseDerivation(text, "hello")).toEqual(r.derivation);
    expect(computeDerivationPath(parseDerivation(text, "hello"))).toBe(r.drvPath);
    expect(store.readDerivation(r.drvPath)).toBe(store.readDerivation(r.drvPath));
  });
  test("env order is bytewise even for numeric keys", () => {
    const r = instantiateDerivation(input, new MemoryStore());
    const text = unparseDerivation(r.derivation);
    expect(text.indexOf('("1",')).toBeLessThan(text.indexOf('("builder",'));
  });
  test("malformed text is rejected", () => {
    expect(() => parseDerivation("Derive([", "x")).toThrow(DerivationError);
    expect(() => parseDerivation('Derive([],[],["relative"],"s","b",[],[])', "x")).toThrow("bad path 'relative' in derivation");
  });
});

describe("base-32 and hashes", () => {
  test("base-32 round trip (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 80 }), (b) => {
        expect(decodeNixBase32(encodeNixBase32(b), b.length)).toEqual(b);
      }),
    );
  });
  test("every encoding parses back (property)", () => {
    const algos: [HashAlgo, number][] = [["md5", 16], ["sha1", 20], ["sha256", 32], ["sha512", 64]];
    fc.assert(
      fc.property(fc.constantFrom(...algos), fc.infiniteStream(fc.integer({ min: 0, max: 255 })), ([algo, n], s) => {
        const h = { algo, bytes: Uint8Array.from(s.take(n)) };
        for (const enc of ["base16", "base32", "base64"] as const) {
          expect(parseHash(printHash(h, enc), algo)).toEqual(h);
          expect(parseHash(printHash(h, enc, true))).toEqual(h);
        }
        expect(parseHash(printHash(h, "sri"))).toEqual(h);
      }),
    );
  });
  test("errors are worded as Nix words them", () => {
    expect(() => parseHash("sha256-AAAA")).toThrow("invalid SRI hash 'AAAA'");
    expect(() => parseHash("abc", "sha256")).toThrow("hash 'abc' has wrong length for hash type 'sha256'");
    expect(() => parseHash("foo:abc")).toThrow("unknown hash algorithm 'foo'");
    expect(() => parseHash("abc")).toThrow("hash 'abc' does not include a type, nor is the type otherwise known from context");
    expect(() => parseHash("sha1:" + "0".repeat(40), "sha256")).toThrow(`hash 'sha1:${"0".repeat(40)}' should have type 'sha256'`);
  });
});

describe("NAR and MemoryStore", () => {
  test("NAR of an in-memory tree parses back", () => {
    const tree = {
      type: "directory" as const,
      entries: {
        b: { type: "regular" as const, contents: "bb", executable: true },
        A: { type: "symlink" as const, target: "b" },
        d: { type: "directory" as const, entries: {} },
      },
    };
    expect(narOfTree(parseNar(narOfTree(tree)))).toEqual(narOfTree(tree));
  });
  test("texts, sources and derivations are valid paths with references", () => {
    const store = new MemoryStore();
    const t = store.addTextToStore("t", "x");
    const u = store.addTextToStore("u", `see ${t}`, [t]);
    expect(store.queryReferences(u)).toEqual([t]);
    const s = store.addPathToStore("src", { tree: { type: "regular", contents: "abc" } });
    expect(isStorePath(s)).toBe(true);
    const r = instantiateDerivation({ ...input, inputSrcs: [u, s] }, store);
    expect(store.queryReferences(r.drvPath)).toEqual([u, s].sort());
    expect(store.isValidPath(r.drvPath)).toBe(true);
    expect(() => store.readDerivation(t)).toThrow("is not a derivation");
  });
});

describe("digest backends", () => {
  // The default backend is node:crypto under Node (its digests are checked against nix-hash in
  // hash-nar-paths.test.ts); the portable @noble/hashes one, used in browsers, must agree.
  const algos: HashAlgo[] = ["md5", "sha1", "sha256", "sha512"];
  const byteString = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 300 }).map((a) => String.fromCharCode(...a));
  const digests = (data: string | Uint8Array) => algos.map((a) => printHash(hashBytes(a, data), "base16"));
  test("@noble/hashes, node:crypto and the default agree on byte strings and bytes", () => {
    try {
      fc.assert(
        fc.property(byteString, (s) => {
          setHasherFactory(undefined);
          const byDefault = digests(s);
          setHasherFactory(nobleHasherFactory);
          const noble = digests(s);
          const nobleBytes = digests(Uint8Array.from(s, (c) => c.charCodeAt(0)));
          useNodeCrypto();
          const node = digests(s);
          expect([noble, nobleBytes, node]).toEqual([byDefault, byDefault, byDefault]);
        }),
        { numRuns: 200 },
      );
    } finally {
      setHasherFactory(undefined);
    }
  });
});
