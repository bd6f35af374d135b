let a = { x = a.x; y = 1; }; in a.x
