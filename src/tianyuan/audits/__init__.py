"""Checks of the built book as readers meet it: a local static host, axe, the Nu checker,
Lighthouse (`audit`), page weight (`weight`) and `make bench` (`bench`)."""
