builtins.isString (throw "x")
