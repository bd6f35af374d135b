builtins.mul "a" 1.0
