let f = { __functor = self: self; }; in f 1
