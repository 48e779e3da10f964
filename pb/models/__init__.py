"""SQLAlchemy models, one module per family. Importing this package registers every table
(Alembic autogenerate and `db.create_all` need that)."""

from pb.models.audit import AuditEntry
from pb.models.ballot import Ballot
from pb.models.count import Count
from pb.models.cycle import Budget, Cycle, Project
from pb.models.envelope import CountingKey, Envelope, EnvelopeOpening, VoterSession
from pb.models.participation import CodeBatch, Participation, VoterCode
from pb.models.people import User

__all__ = ["AuditEntry", "Budget", "Cycle", "Project", "User"]
__all__ += ["Ballot", "CodeBatch", "Count", "Participation", "VoterCode"]
__all__ += ["CountingKey", "Envelope", "EnvelopeOpening", "VoterSession"]
from pb.models.eligibility import (  # noqa: E402,F401
    CodeAccess,
    ContactClaim,
    EligibilityEntry,
    EligibilityList,
    Mailing,
    MailingRecipient,
)
from pb.models.files import StoredFile  # noqa: E402,F401
from pb.models.ideas import Idea, IdeaFlag, IdeaSettings, IdeaSupport  # noqa: E402,F401
from pb.models.implementation import ProjectProgress, ProjectUpdate  # noqa: E402,F401
from pb.models.kiosk import Kiosk  # noqa: E402,F401
from pb.models.paper import PaperBatch, PaperEntry  # noqa: E402,F401
from pb.models.proposals import CostItem, ProjectOrigin, Proposal  # noqa: E402,F401
from pb.models.schedule import PhaseDate  # noqa: E402,F401
from pb.models.security import LoginThrottle, StaffSession  # noqa: E402,F401
from pb.models.site import SiteSettings  # noqa: E402,F401
from pb.models.texts import LocalText  # noqa: E402,F401
