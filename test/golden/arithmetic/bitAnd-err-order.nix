builtins.bitAnd 0.5 (throw "second")
