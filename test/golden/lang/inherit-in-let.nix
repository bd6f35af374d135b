let x = 5; f = let inherit x; in x * 2; in f
