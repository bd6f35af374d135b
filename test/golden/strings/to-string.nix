[ (toString [1 [2 3] [] null true false 1.5 "x" [[]] ]) (toString 0.1) (toString { __toString = s: 5; }) (toString (-7)) (toString null) ]
