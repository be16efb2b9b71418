"""The engine: everything that changes how Pelican reads, renders and writes this site.

Its one seam to Pelican is :class:`smartcity.engine.build.Engine`, the site's
``PELICAN_CLASS``: every build, whichever door started it (``pelican``, ``invoke build``,
``invoke publish``, the preview), is an ``Engine`` run with a typed
:class:`~smartcity.engine.session.Session` passed explicitly. The Pelican internals it relies
on are named in :mod:`smartcity.engine.pelican_internals`. The domain plugins
(``smartcity.plugins``) know nothing of the engine; with Pelican's own class they build the
same site.

- ``build``: the Engine, Pelican.run's steps with the engine's reading and writing between them
- ``session``: what a build is told (workers, conversions known ahead, ledger) and what it did
- ``workers``: forked worker processes, safe whatever threads run in the parent
- ``reading``: one Markdown converter per process; conversions made ahead by workers or kept
- ``writing``: each process renders its own share of the files
- ``listings``: the lists Pelican derives, constant-time term lists
- ``ledger``: the keyed writer that renders only what changed (preview, publishing)
- ``live``: the preview's session, a site kept up to date one save at a time
- ``pelican_internals``: every internal relied upon, with a check for each
"""

from .build import Engine

__all__ = ["Engine"]
