builtins.attrNames { } 1
