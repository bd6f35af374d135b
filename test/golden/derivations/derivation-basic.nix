let d = derivation { name = "basic"; system = "x86_64-linux"; builder = "/bin/sh"; args = [ "-c" "true" ]; }; in [ d.name d.type d.outputName d.drvPath d.outPath d.system (builtins.attrNames d) ]
