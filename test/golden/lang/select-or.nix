[ ({ a = 1; }.b or 2) ({ a = { b = 3; }; }.a.b or 4) (1.a or 5) ({ }.x.y or 6) ]
