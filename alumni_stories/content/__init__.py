"""What the editors write: the content model, reading and validating stories/ and data/, facts, publishing rules."""
