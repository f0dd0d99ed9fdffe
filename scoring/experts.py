"""The expert pool: profiles of expert accounts. No request, no commit."""
from core.errors import ValidationFailed
from core.extensions import db
from core.schemas import load_data
from core.uscc import require_valid_uscc
from scoring.models import Expert, ExpertSpecialty
from scoring.schemas import ExpertIn


def create_expert_profile(user, data):
    """The pool entry of a new expert account: name, specialty codes, employer."""
    if not data:
        raise ValidationFailed({"expert": ["name and specialties are required for an expert"]})
    try:
        data = load_data(ExpertIn(), data)
    except ValidationFailed as err:
        raise ValidationFailed({f"expert.{name}": problems for name, problems in err.fields.items()}) from None
    employer = data.get("employer_uscc")
    if employer:
        require_valid_uscc(employer, "expert.employer_uscc")
    profile = Expert(user=user, name=data["name"], employer_uscc=employer, employer_name=data.get("employer_name"))
    profile.specialties = [ExpertSpecialty(code=code) for code in sorted(set(data["specialties"]))]
    user.display_name = user.display_name or data["name"]
    db.session.add(profile)
    db.session.flush()
    return profile
