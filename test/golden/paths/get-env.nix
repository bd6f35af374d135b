[ (builtins.getEnv "TEST_VAR") (builtins.getEnv "NIXTS_SURELY_UNSET") ]
