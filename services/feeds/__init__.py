"""Calendar feeds (ICS, webcal) per member and per network, read from the domains' queries."""
