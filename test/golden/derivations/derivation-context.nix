let d = derivation { name = "c"; system = "x"; builder = "/bin/sh"; }; in [ (builtins.getContext d.drvPath) (builtins.getContext d.outPath) (builtins.getContext "${d}") ]
