builtins.toJSON [ { outPath = "x"; } { __toString = s: "y"; a = 1; } { type = "derivation"; outPath = "z"; } { outPath = 1; } ]
