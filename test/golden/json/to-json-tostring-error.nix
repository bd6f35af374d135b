builtins.toJSON { __toString = s: 5; }
