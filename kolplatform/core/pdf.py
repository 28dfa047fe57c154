"""HTML -> PDF with WeasyPrint, fetching nothing but the project's own static files.

Every WeasyPrint call in the product goes through `html_to_pdf`. WeasyPrint resolves stylesheets,
images, fonts and `<link rel="attachment">` through a URL fetcher; its default one reads any local
file (`file:///proc/self/environ` would be embedded in the PDF) and requests any URL from inside
the server (SSRF). `StaticOnlyURLFetcher` answers `data:` URLs and files under the static
directories and refuses everything else: other files, http(s), ftp, and paths that leave a static
directory through `..` or a symlink. A refused resource is left out of the PDF (WeasyPrint logs a
warning) and the rendering goes on.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings

logger = logging.getLogger(__name__)


class ResourceRefused(ValueError):
    """A PDF resource outside the project's static files."""


def static_roots() -> list[Path]:
    """The directories a PDF may read from: STATICFILES_DIRS and STATIC_ROOT, resolved."""
    roots = []
    for entry in [*settings.STATICFILES_DIRS, settings.STATIC_ROOT]:
        path = entry[1] if isinstance(entry, tuple | list) else entry
        roots.append(Path(path).resolve())
    return roots


def static_path_for(url: str) -> Path | None:
    """The file a `file:` URL names when it lies inside a static directory, else None."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    path = Path(url2pathname(unquote(parts.path))).resolve()
    for root in static_roots():
        if path.is_relative_to(root) and path.is_file():
            return path
    return None


def _fetcher_class():
    # WeasyPrint loads at call time: a heavy library needed only to render a PDF.
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnlyURLFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower()
            if scheme == "data":
                return super().fetch(url, headers)
            path = static_path_for(url)
            if path is None:
                logger.warning("PDF resource refused: %.200s", url)
                raise ResourceRefused(f"Only the project's static files may be used: {url[:200]}")
            content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": content_type}
            )

    return StaticOnlyURLFetcher


def url_fetcher():
    """A fresh fetcher for one rendering (WeasyPrint keeps per-request state on it)."""
    return _fetcher_class()(timeout=5, allow_redirects=False)


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """Render HTML to PDF bytes; relative URLs resolve against `base_url` (the static files)."""
    # WeasyPrint loads at call time: a heavy library needed only to render a PDF.
    from weasyprint import HTML

    base = base_url or str(settings.BASE_DIR / "static")
    return HTML(string=html, base_url=base, url_fetcher=url_fetcher()).write_pdf()
