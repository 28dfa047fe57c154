from .activity import ProfessionalActivity
from .bank import ExpertBankDetails
from .base import (
    Competency,
    Consent,
    Expert,
    Institution,
    RateCard,
    ServiceType,
    Specialty,
    TaxStatus,
    Tier,
    normalize_name,
)
from .grading import Assessment, AssessmentScore, GradingCriterion, GradingScheme, TierChange
from .imports import ImportJob, ImportRow
from .requests import MasterDataRequest

__all__ = [
    "Assessment",
    "AssessmentScore",
    "Competency",
    "Consent",
    "Expert",
    "ExpertBankDetails",
    "GradingCriterion",
    "GradingScheme",
    "ImportJob",
    "ImportRow",
    "Institution",
    "MasterDataRequest",
    "ProfessionalActivity",
    "RateCard",
    "ServiceType",
    "Specialty",
    "TaxStatus",
    "Tier",
    "TierChange",
    "normalize_name",
]
