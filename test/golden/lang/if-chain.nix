map (n: if n < 0 then "neg" else if n == 0 then "zero" else "pos") [ (-1) 0 1 ]
