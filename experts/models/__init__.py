from .activity import ProfessionalActivity
from .bank import ExpertBankDetails
from .base import (
    CAREER_AND_CONTACT_FIELDS,
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
    "CAREER_AND_CONTACT_FIELDS",
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
