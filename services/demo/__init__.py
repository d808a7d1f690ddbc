"""Demo data: the GR network for `make run`, bulk networks for benchmarks (a shell)."""
