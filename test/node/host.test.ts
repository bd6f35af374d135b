// The Node host's file reading: a file that never ends (a character device) or would not fit in
// a string ends in a NixError, as Nix ends with `out of memory`, instead of a crash of the process.

import { describe, expect, it } from "vitest";
import { existsSync } from "node:fs";
import { NixError } from "../../src/errors.js";
import { nodeHost } from "../../src/node/host-node.js";

describe("nodeHost readFile", () => {
  it.skipIf(!existsSync("/dev/zero"))("stops an endless file with 'out of memory'", () => {
    const host = nodeHost({}, () => {});
    let err: unknown;
    try {
      host.readFile("/dev/zero");
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NixError);
    expect((err as NixError).message).toBe("out of memory");
  });
});
