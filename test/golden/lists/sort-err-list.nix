builtins.sort (a: b: true) 1
