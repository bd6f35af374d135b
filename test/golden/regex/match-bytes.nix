[ (builtins.match "é+" "éé") (builtins.match "[é]" "é") (builtins.match "(.)(.)" "é") ]
