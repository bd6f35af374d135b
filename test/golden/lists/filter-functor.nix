builtins.filter { __functor = s: x: x > 1; } [ 1 2 3 ]
