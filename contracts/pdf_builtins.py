"""The tags a document template body may use (contracts.pdf.DocumentTemplateEngine builtins).

Copied by name from Django's default and loader tags, so anything not listed here (`debug`,
`csrf_token`, `url`, `lorem`, `resetcycle`, ...) is an unknown tag: saving such a body is refused
with the template error. `load` stays, but the engine knows only the l10n and i18n libraries.
"""

from django.template import Library, defaulttags, loader_tags

ALLOWED_TAGS = {
    defaulttags: (
        "autoescape",
        "comment",
        "cycle",
        "filter",
        "firstof",
        "for",
        "if",
        "ifchanged",
        "load",
        "now",
        "regroup",
        "spaceless",
        "templatetag",
        "verbatim",
        "widthratio",
        "with",
    ),
    loader_tags: ("block", "extends", "include"),
}

register = Library()
for module, names in ALLOWED_TAGS.items():
    for name in names:
        register.tag(name, module.register.tags[name])
