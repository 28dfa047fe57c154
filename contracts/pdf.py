"""PDF rendering: a template body + context -> PDF bytes with WeasyPrint (STYLE.md rule 8).

The body is Django template language (usually extending "contracts/pdf/base.html", which sets the
A4 page, DejaVu fonts for Cyrillic, page numbers, requisites and signature blocks). `base_url`
points at the static files so a worker renders without a request. The caller stores the bytes.
"""

from django.conf import settings
from django.template import Context, Engine, Template
from django.utils import translation

_ENGINE = None


def _engine() -> Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = Engine.get_default()
    return _ENGINE


def compile_template(body: str) -> Template:
    """Compile a template body; raises django.template.TemplateSyntaxError on errors."""
    return _engine().from_string(body)


def render_html(*, body: str, context: dict) -> str:
    with translation.override("ru"):
        return compile_template(body).render(Context(context, autoescape=True))


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url or str(settings.BASE_DIR / "static")).write_pdf()


def render_pdf(*, body: str, context: dict, base_url: str | None = None) -> bytes:
    """Render a template body over `context` to PDF bytes."""
    return html_to_pdf(render_html(body=body, context=context), base_url=base_url)
