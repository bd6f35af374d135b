builtins.tryEval (let x = x; in x)
