builtins.removeAttrs 1 (throw "second")
