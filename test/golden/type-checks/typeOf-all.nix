map builtins.typeOf [ 1 1.0 "a" ./a null true [ ] { } (x: x) builtins.add (builtins.add 1) { __functor = s: x: x; } ]
