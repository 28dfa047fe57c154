"""The inbox shows what a request is for as a label, never its code."""

from django.utils import translation

from kolplatform.core.models import ApprovalRequest


def test_purpose_codes_read_as_labels_in_the_active_language():
    request = ApprovalRequest(purpose="budget_reapproval")
    assert request.purpose_display == "Budget re-approval"
    with translation.override("ru"):
        assert request.purpose_display == "Повторное согласование бюджета"
    assert ApprovalRequest(purpose="some_new_kind").purpose_display == "Some new kind"
