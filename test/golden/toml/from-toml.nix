builtins.fromTOML ''
  a = 1
  b = 9223372036854775808
  c = -9223372036854775809
  d = 1.5
  e = 1e3
  f = 0x1F
  g = 0o17
  h = 0b101
  i = 1_000
  j = [1, "x"]
  k = { l = true }
  "m n" = 1.0
  o = -0.0
  p = """x
  y"""
  [t]
  x.y = 1
  [[arr]]
  a = 1
  [[arr]]
  b = 2
''
