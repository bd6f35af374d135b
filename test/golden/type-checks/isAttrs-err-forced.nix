builtins.isAttrs (throw "x")
