builtins.sort (a: b: true) (builtins.genList (x: x) 40)
