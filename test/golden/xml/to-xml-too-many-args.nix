builtins.toXML 1 2
