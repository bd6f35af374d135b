let x = 1.0e-310; in x
