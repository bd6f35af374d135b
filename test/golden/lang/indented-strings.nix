[ ''
  line one
    indented
  last
'' ''  a ${"b"} c'' ''x'''y'' ''esc ''${x} and ''\n'' ]
