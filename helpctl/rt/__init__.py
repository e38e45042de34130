"""Request Tracker's REST 2 API, as the ``rt`` migration source reads it.

The HTTP side lives here, outside ``helpctl/migrate/`` (which speaks no HTTP), as Zendesk's does
in ``helpctl/zendesk/``: :class:`~helpctl.rt.client.RtClient` with its login and paging.
"""
