builtins.functionArgs { __functor = s: x: x; }
