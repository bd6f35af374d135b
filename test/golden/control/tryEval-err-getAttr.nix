builtins.tryEval (builtins.getAttr "a" { })
