builtins.getAttr { } (throw "second")
