"""Tianyuan: the code behind the book on the Zhuzhou National High-tech Zone."""

__version__ = "0.2.0"
