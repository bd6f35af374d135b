builtins.addErrorContext { } (throw "B")
