"""The proposal personas (second and third city member, a session, a second unit) for the
reports tests."""

from tests.proposals.conftest import edu_unit, media, qian, session, zhao

__all__ = ["edu_unit", "media", "qian", "session", "zhao"]
