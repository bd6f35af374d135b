builtins.trace "printed" (throw "B")
