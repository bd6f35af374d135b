let f = { __functor = self: x: if x == 0 then "done" else self (x - 1); }; in f 20000
