builtins.isFunction (throw "x")
