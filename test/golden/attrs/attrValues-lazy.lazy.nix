builtins.attrValues { a = throw "x"; }
