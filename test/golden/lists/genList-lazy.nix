[ (builtins.length (builtins.genList (throw "f") 3)) (builtins.genList 1 0) ]
