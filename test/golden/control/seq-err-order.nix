builtins.seq (throw "A") (throw "B")
