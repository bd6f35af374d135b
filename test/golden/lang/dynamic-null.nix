let n = null; in { ${n} = 1; a = 2; }
