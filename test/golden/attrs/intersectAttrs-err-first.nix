builtins.intersectAttrs 1 (throw "second")
