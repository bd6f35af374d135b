# Attribute and output names that are special to JavaScript objects are ordinary names in Nix.
let
  d = derivation { name = "a"; builder = "b"; system = "c"; __proto__ = "x"; constructor = "y"; hasOwnProperty = "z"; };
  o = derivation { name = "a"; builder = "b"; system = "c"; outputs = [ "out" "__proto__" "toString" ]; };
in [ d.drvPath d.__proto__ o.drvPath o.__proto__.outPath o.toString.outPath (builtins.attrNames o.drvAttrs) ]
