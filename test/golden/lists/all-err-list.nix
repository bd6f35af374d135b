builtins.all (x: x) { }
