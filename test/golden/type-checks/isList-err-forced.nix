builtins.isList (throw "x")
