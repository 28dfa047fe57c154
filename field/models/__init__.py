from field.models.plans import CyclePlan, FieldRep, GoalChange, PlanTarget
from field.models.policy import (
    CalendarDay,
    DistanceBand,
    FieldPolicy,
    PointsRule,
    TypeRadius,
    VisitType,
)
from field.models.segments import ExpertSegment, Influence, Potential, SegmentCell
from field.models.visits import GeoStatus, Permission, Visit

__all__ = [
    "CalendarDay",
    "CyclePlan",
    "DistanceBand",
    "ExpertSegment",
    "FieldPolicy",
    "FieldRep",
    "GeoStatus",
    "GoalChange",
    "Influence",
    "Permission",
    "PlanTarget",
    "PointsRule",
    "Potential",
    "SegmentCell",
    "TypeRadius",
    "Visit",
    "VisitType",
]
