builtins.addErrorContext (throw "A") (throw "B")
