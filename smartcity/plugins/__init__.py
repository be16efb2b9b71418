"""Pelican plugins of the news site; each module's ``register()`` lists the signals it hooks."""
