(builtins.tryEval [ (throw "x") ]).success
