builtins.toXML { a = 1; f = { x, y }: x; l = [ "a" 2.5 ]; }
