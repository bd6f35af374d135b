builtins.lessThan { } { }
