"""Wilson score interval for a proportion (used for region-to-region comparisons).

Written here (ten lines) because it is one formula; scipy/statsmodels would be a large
dependency for it.
"""

import math


def wilson(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """95% Wilson score interval for ``successes`` out of ``n`` (as fractions 0..1)."""
    if n <= 0:
        return (0.0, 0.0)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))
