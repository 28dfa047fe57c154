import json

from rest_framework.renderers import BaseRenderer


class PdfRenderer(BaseRenderer):
    """Lets a client ask for `Accept: application/pdf` on a file download; the file itself is
    a FileResponse, so only an error body ever passes through here (as JSON bytes)."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, bytes):
            return data
        return json.dumps(data, default=str).encode()
