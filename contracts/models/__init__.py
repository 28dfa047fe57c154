from .agreements import MONEY, Act, Contract, ServiceOrder
from .cabinet import CabinetAccess, CabinetInvitation
from .documents import ContractDocument, DocumentKind, DocumentTemplate, NumberSequence
from .signing import AuthorisedSignatory, OtpChallenge, Signature, SignerRole

__all__ = [
    "MONEY",
    "Act",
    "AuthorisedSignatory",
    "CabinetAccess",
    "CabinetInvitation",
    "Contract",
    "ContractDocument",
    "DocumentKind",
    "DocumentTemplate",
    "NumberSequence",
    "OtpChallenge",
    "ServiceOrder",
    "Signature",
    "SignerRole",
]
