{ "a\nb" = 1; ab = 2; }."a\nc"
