map builtins.splitVersion [ "1.2.3" "1.2pre3" "1-2_3" ".." "" "2.3a.4" ]
