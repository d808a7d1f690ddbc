"""The weekly digest: every member's week, gathered from the domains' queries on Monday morning."""
