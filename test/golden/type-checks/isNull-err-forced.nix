isNull (throw "x")
