(a: b: c: a + b * c) 1 2 3
