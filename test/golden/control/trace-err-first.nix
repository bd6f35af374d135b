builtins.trace (throw "A") (throw "B")
