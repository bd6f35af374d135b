// `derivation` is Nix code in Nix 2.8: a wrapper around `derivationStrict` in a file named
// `//builtin/derivation.nix` that exists only in the evaluator. Ours is written here. Its
// behaviour is observable (lazy attributes, `all`, errors for bad `outputs`) and so are its
// positions (error locations, `unsafeGetAttrPos`, traces), so the code below places each token
// Nix users can see at the line and column Nix 2.8 reports for it; the rest is padding.

import type { Source } from "../parser/ast.js";

/** The file name Nix reports for positions in the wrapper. */
export const DERIVATION_NIX = "//builtin/derivation.nix";

const TEXT = `# nixts: the \`derivation\` builtin, evaluated once per evaluation.
# The lambda starts at 5:1, derivationStrict is called at 9:12, the attributes
# users can locate sit where Nix 2.8 has them (all 12:7, drvAttrs 13:14, name and
# value of each output 17:7 and 18:7, outPath 19:9, drvPath 20:9, type 21:9).
drvAttrs @ { outputs ? [ "out" ], ... }:
let

  # Instantiates the derivation: { drvPath; <output> = path; }.
  strict = builtins.derivationStrict drvAttrs;
  shared = drvAttrs // builtins.listToAttrs perOutput //
    {
      all = builtins.map (o: o.value) perOutput;
      inherit drvAttrs;
    };
  forOutput = outputName: # { name; value; } for one output
    {
      name = outputName;
      value = shared // {
        outPath = builtins.getAttr outputName strict;
        drvPath = strict.drvPath;
        type = "derivation";
        inherit outputName;
      };
    };

  perOutput   = builtins.map forOutput outputs;
in
   (builtins.head perOutput).value
`;

/** The wrapper's source. `virtual`: Nix cannot show its lines, so errors print no code frame. */
export const derivationNixSource: Source = { name: DERIVATION_NIX, baseDir: "//builtin", text: TEXT, virtual: true };
