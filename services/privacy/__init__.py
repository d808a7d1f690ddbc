"""What the data protection officer needs: a member's data exported or erased, and retention."""
