"""spinecli: a terminal reference for interventional spine and pain procedures."""

__version__ = "0.1.0"
