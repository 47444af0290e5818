"""Qt-free duplicate matcher shared by the central service, the desktop cache and bulk imports.

* :func:`index_keys` / :func:`query_keys`: blocking keys to store / to look up.
* :func:`score_pair`: Fellegi-Sunter score, band and plain-English reasons for one pair.
* :class:`CandidateIndex`: the in-memory version of the keys table (spreadsheets, tests).
"""

from app.models.band import Band
from app.services.matching.index import Candidate, CandidateIndex
from app.services.matching.keys import KEY_VERSION, index_keys, query_keys
from app.services.matching.prepared import PreparedRecord, prepare
from app.services.matching.record import PersonRecord
from app.services.matching.score import MatchResult, score_pair, score_prepared

__all__ = [
    "KEY_VERSION",
    "Band",
    "Candidate",
    "CandidateIndex",
    "MatchResult",
    "PersonRecord",
    "PreparedRecord",
    "index_keys",
    "prepare",
    "query_keys",
    "score_pair",
    "score_prepared",
]
