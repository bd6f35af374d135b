builtins.genList (x: x * x) 5
