builtins.appendContext "a" { foo = {}; }
