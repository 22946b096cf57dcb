"""The web dashboard and JSON API (`rashomon serve`): read-only views of a store."""

from rashomon.web.app import create_app
from rashomon.web.server import serve

__all__ = ["create_app", "serve"]
