"""The reference the engine is compared with: Pelican's own Writer, with listings cut into pages
as the site cuts them (from the oldest article, :mod:`smartcity.engine.pagination`).

Pelican's Writer paginates from the newest article; the site does not, by design. This writer
cuts a listing with the site's pagination and has Pelican's own ``write_file`` render each page
(given no list to paginate, it renders once). A test plugin: add ``support.pelican_writer`` to
``PLUGINS`` of a build made by Pelican's own class (``PELICAN_CLASS="pelican.Pelican"``).
"""

from pelican import signals
from pelican.writers import Writer

from smartcity.engine.writing import paged, paged_arguments, pagination_of


class OldestFirstWriter(Writer):
    def write_file(self, name, template, context, relative_urls=False, paginated=None, template_name=None,
                   override_output=False, url=None, **kwargs):
        listing = pagination_of(self.settings, template_name, paginated, kwargs) if name else None
        if listing is None:
            return super().write_file(name, template, context, relative_urls, paginated, template_name,
                                      override_output, url, **kwargs)
        paginated, per_page = listing
        for pages in paged(name, url, paginated, per_page, self.settings):
            super().write_file(pages[0].save_as, template, context, relative_urls, {}, template_name,
                               override_output, url, **paged_arguments(kwargs, paginated, pages))
        return None


def oldest_first_writer(pelican):
    return OldestFirstWriter


def register():
    signals.get_writer.connect(oldest_first_writer)
