"""Validation findings as data: one ``Issue`` per problem, gathered in a ``ValidationReport``.

A leaf module (standard library only): reading, validating, the errors and the
CLI all use these types without importing one another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Issue:
    """One problem found in the dataset, located like a spreadsheet cell."""

    code: str
    file: str
    line: int | None
    column: str
    message: str

    def format(self) -> str:
        """The issue as ``file:line:column: message`` (missing parts left out)."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        return f"{place}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The issue as a plain dict."""
        return asdict(self)


@dataclass
class ValidationReport:
    """Every issue found in a dataset; valid when there is none."""

    issues: list[Issue] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        """True when no issue was found."""
        return not self.issues

    def to_dict(self) -> dict[str, Any]:
        """The report as a plain dict (for --json)."""
        return {
            "valid": self.valid,
            "issue_count": len(self.issues),
            "issues": [issue.to_dict() for issue in self.issues],
        }
