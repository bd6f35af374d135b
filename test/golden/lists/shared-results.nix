let l = [ 1 "a" { a = 2; } ]; m = [ 4 5 6 ]; in {
  f = [ (builtins.filter (x: true) l) (builtins.filter (x: true) l) ];
  g = [ (builtins.filter (x: x != 1) l) l ];
  c = [ (builtins.concatLists [ [] m [] ]) m (builtins.concatLists [ m [] ]) ];
  d = [ (builtins.concatLists [ m m ]) m ];
  s = [ (builtins.filter (x: true) [ 1 2 ]) (builtins.concatLists [ [ [ 1 ] ] [ ] ]) ];
}
