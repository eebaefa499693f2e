"""The service: API, chat, calculator, widget, staff console, CLI, settings and database."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("policy-assistant")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0"
