"""Speed and scale benchmarks of solsearch: `python -m bench` (see bench/README.md).

The figures are printed and written, never asserted: the machine they run on decides them.
"""
