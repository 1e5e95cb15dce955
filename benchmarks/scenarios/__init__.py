"""One module per measured page; each defines ``SCENARIO`` (see ``benchmarks/scenario.py``)."""
