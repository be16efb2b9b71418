"""The engine: everything that changes how Pelican reads, renders and writes this site.

Its one seam to Pelican is :class:`smartcity.engine.build.Engine`, the site's
``PELICAN_CLASS``: every build, whichever door started it (``pelican``, ``invoke build``,
``invoke publish``, the preview's first build), is an ``Engine`` run with a typed
:class:`~smartcity.engine.session.Session` passed explicitly; the preview's later updates
drive the same generators from ``live``. The Pelican internals anything relies on are named in
:mod:`smartcity.engine.pelican_internals`. The domain plugins (``smartcity.plugins``) import
nothing of it (docs/architecture.md says what they share).

- ``build``: the Engine, Pelican.run's steps with the engine's reading and writing between them
- ``session``: what a build is told (workers, conversions, ledger, release, warm articles) and what it did
- ``workers``: forked worker processes, safe whatever threads run in the parent
- ``reading``: one Markdown converter per process; conversions made ahead by workers or kept
- ``inline``: Python-Markdown's inline patterns told which text they cannot match
- ``writing``: each process renders its own share of the files
- ``pagination``: listings cut into pages from their oldest article
- ``listings``: the lists Pelican derives, constant-time term lists
- ``ledger``: the keyed writer that renders only what changed (preview, publishing)
- ``incremental``: articles kept from an earlier build, only the changed files read again
- ``state``, ``release``, ``static_files``: a publish's release made from the previous one
- ``live``: the preview's session, a site kept up to date one save at a time
- ``pelican_internals``: every internal relied upon, with a check for each
"""

from .build import Engine

__all__ = ["Engine"]
