"""Validation findings as data: one ``Issue`` per problem, gathered in a ``ValidationReport``.

A leaf module (standard library only): reading, validating, the errors and the
CLI all use these types without importing one another.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

WARNING = "avertissement"
"""Severity of a warning (an error has none)."""


@dataclass(frozen=True)
class Issue:
    """One problem found in the dataset, located like a spreadsheet cell."""

    code: str
    file: str
    line: int | None
    column: str
    message: str
    severity: str = ""
    """Empty for an error; ``avertissement`` for a warning (``validate`` still succeeds)."""

    def format(self) -> str:
        """The issue as ``file:line:column: message`` (missing parts left out); a warning as
        ``file:line:column: avertissement : message``."""
        place = self.file
        if self.line is not None:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        kind = f"{self.severity} : " if self.severity else ""
        return f"{place}: {kind}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        """The issue as a plain dict (``severity`` only for a warning)."""
        data = asdict(self)
        if not self.severity:
            del data["severity"]
        return data


def warning(code: str, file: str, line: int | None, column: str, message: str) -> Issue:
    """A warning (a value accepted but doubtful) located like an issue."""
    return Issue(code, file, line, column, message, severity=WARNING)


@dataclass
class ValidationReport:
    """Every issue found in a dataset; valid when there is none."""

    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    """Likely mistakes of a valid dataset (reference checks, data quality)."""

    @property
    def valid(self) -> bool:
        """True when no issue was found."""
        return not self.issues

    def to_dict(self) -> dict[str, Any]:
        """The report's issues as a plain dict (for --json; warnings: ``Validation.to_dict``)."""
        return {
            "valid": self.valid,
            "issue_count": len(self.issues),
            "issues": [issue.to_dict() for issue in self.issues],
        }
