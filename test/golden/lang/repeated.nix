let x = { a = 1; }; l = [ 1 ]; in { p = x; q = x; r = l; s = l; t = x // { }; }
