builtins.addErrorContext "ctx" (throw "x")
