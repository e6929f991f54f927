"""The web app: `afterview serve`. Server-rendered pages with a JSON twin each, safe by default."""

from afterview.web.app import create_app

__all__ = ["create_app"]
