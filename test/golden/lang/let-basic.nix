let a = 1; b = a + 1; c = { x = b; }; in [ a b c.x ]
