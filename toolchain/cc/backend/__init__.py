"""Target-independent back-end parts: machine IR, liveness, register allocation."""
