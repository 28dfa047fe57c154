from .approvals import ApprovalDecision, ApprovalRequest, ApprovalRoute, ApprovalStep
from .audit import AuditLog
from .documents import Document
from .notifications import Notification
from .reference import CostCenter, Currency, Product, Region, TherapeuticArea
from .users import User

__all__ = [
    "ApprovalDecision",
    "ApprovalRequest",
    "ApprovalRoute",
    "ApprovalStep",
    "AuditLog",
    "CostCenter",
    "Currency",
    "Document",
    "Notification",
    "Product",
    "Region",
    "TherapeuticArea",
    "User",
]
