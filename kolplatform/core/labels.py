from django.contrib.contenttypes.models import ContentType


def content_type_label(ct: ContentType | None) -> str:
    """The model's translated verbose name ("Approval request"), not the technical "app | model"."""
    if ct is None:
        return ""
    model = ct.model_class()
    return str(model._meta.verbose_name).capitalize() if model else ct.model
