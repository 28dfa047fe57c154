"""PDF rendering: a template body + context -> PDF bytes with WeasyPrint (STYLE.md rule 8).

A template body is written by legal in the browser, so it is untrusted input. It is compiled by
a restricted engine (`_engine`), not the site's:

- tags: the control-flow and formatting tags of the template language and `block`/`extends`/
  `include`; not `debug` (it prints the whole context and the loaded modules), `csrf_token`,
  `url` or any other tag;
- `{% load %}` finds only `l10n` and `i18n` (no other tag library of the installed apps);
- templates for `extends`/`include`: only the PDF layouts below (no file of the site);
- the context is the explicit dict of `contracts.context` (plain values, no model instances,
  no context processors, no settings).

The HTML is then turned into PDF by `kolplatform.core.pdf.html_to_pdf`, whose URL fetcher reads
only the project's static files. The body usually extends "contracts/pdf/base.html" (A4 page,
DejaVu fonts for Cyrillic, page numbers, requisites and signature blocks). The caller stores the
bytes.
"""

from functools import cache

from django.conf import settings
from django.template import Context, Engine, Template
from django.utils import translation

from kolplatform.core.pdf import html_to_pdf

# Layouts a body may extend or include, read from templates/ once.
LAYOUTS = ("contracts/pdf/base.html",)
LIBRARIES = {"l10n": "django.templatetags.l10n", "i18n": "django.templatetags.i18n"}


class DocumentTemplateEngine(Engine):
    """A Django template engine limited to what a document body needs (see the module docs)."""

    default_builtins = ["contracts.pdf_builtins", "django.template.defaultfilters"]


@cache
def _engine() -> Engine:
    layouts = {name: (settings.BASE_DIR / "templates" / name).read_text() for name in LAYOUTS}
    return DocumentTemplateEngine(
        loaders=[("django.template.loaders.locmem.Loader", layouts)],
        libraries=LIBRARIES,
        autoescape=True,
        debug=False,
    )


def compile_template(body: str) -> Template:
    """Compile a template body; raises django.template.TemplateSyntaxError on errors."""
    return _engine().from_string(body)


def render_html(*, body: str, context: dict) -> str:
    with translation.override("ru"):
        return compile_template(body).render(Context(context, autoescape=True))


def render_pdf(*, body: str, context: dict, base_url: str | None = None) -> bytes:
    """Render a template body over `context` to PDF bytes."""
    return html_to_pdf(render_html(body=body, context=context), base_url=base_url)


__all__ = ["compile_template", "render_html", "render_pdf"]
