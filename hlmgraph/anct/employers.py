"""Import step: who an ANCT employer is — its id, its actor type and why.

An employer with a SIRET gets its SIREN as id; one without gets a stable slug of
its normalised name and département. Its type comes from the shipped COG when the
SIREN is a commune's or an EPCI's, else from words of its name; the reason is kept
in a column and doubtful cases are flagged for a person to check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum.fr import siren as siren_number

from hlmgraph import cog
from hlmgraph.names import fold_words, normalise
from hlmgraph.prefill import commune_name

_ASSOCIATION = re.compile(r"\b(ASSOCIATIONS?|ASSOC|ASSO|ASS|AMICALE|COMITE|CLUB|FEDERATION|"
                          r"LIGUE|UNION|CONFEDERATION|MJC|FOYER|MAISON DES JEUNES)\b")
_OTHER_FORMS = re.compile(r"\b(GIP|GROUPEMENT D INTERET PUBLIC|COLLEGE|LYCEE|CAISSE DES ECOLES|"
                          r"SYNDICAT|SIVU|SIVOM|CENTRE HOSPITALIER|SARL|SAS|SASU|SA|SCOP|SCIC|EURL|"
                          r"FONDATION|ENTREPRISE|ETABLISSEMENT PUBLIC|GROUPE)\b")
"""Words of names that are often not associations (public bodies, companies, foundations)."""
_LANDLORD = re.compile(r"\b(OPH|HLM|OFFICE PUBLIC|HABITAT|HABITATIONS)\b")
"""Words that make a landlord name convincing (« logement » alone does not)."""
_RULES: tuple[tuple[str, str, re.Pattern[str], str], ...] = (
    ("regie", "", re.compile(r"\bREGIES?\b"), "« régie »"),
    ("mission_locale", "", re.compile(r"\bMISSIONS? LOCALES?\b"), "« mission locale »"),
    ("plie", "", re.compile(r"\bPLIE\b"), "« PLIE »"),
    ("centre_social", "", re.compile(r"\bCENTRES? SOC(IAL|IAUX|AL|IO)|\bCSC\b|\bCSI\b"),
     "« centre social »"),
    ("collectivite", "ccas", re.compile(r"\bC[CI]AS\b|\b(CENTRE|CTRE|CENT)\b[A-Z ]{0,24}"
                                        r"\bACTION SOCIALE?\b"), "« CCAS » ou « centre d'action sociale »"),
    ("collectivite", "commune", re.compile(r"^(COMMUNE|COM|VILLE|MAIRIE) (DE|D|DU|DES)\b|"
                                           r"^MAIRIE\b|^VILLE\b"), "« commune », « ville » ou « mairie »"),
    ("collectivite", "epci", re.compile(r"\bCOMMUNAUTE (DE COMMUNES|D ?AGGLOMERATION|URBAINE)\b|"
                                        r"\bMETROPOLE\b|^(CC|CA|CU) |\bAGGLO\b|"
                                        r"\bETABLISSEMENT PUBLIC TERRITORIAL\b"),
     "« communauté », « agglomération » ou « métropole »"),
    ("collectivite", "departement", re.compile(r"^(CONSEIL )?DEPARTEMENT(AL)?\b"),
     "« département »"),
    ("bailleur", "", re.compile(r"\b(OPH|HLM|HABITAT|HABITATS|HABITATIONS|LOGEMENT|LOGEMENTS|"
                                r"LOGIS)\b"), "« OPH », « HLM », « habitat » ou « logement »"),
)


@dataclass(frozen=True)
class Typing:
    """The actor type given to an employer, with the reason in French."""

    type: str
    subtype: str
    reason: str
    uncertain: bool = False
    territory: str = ""
    """The COG territory of a commune or EPCI recognised by its SIREN, else empty."""
    name: str = ""
    """The COG name of that commune or EPCI (« Commune de Laon »), else empty."""


def siren_of(siret: str) -> str:
    """The SIREN of a SIRET (first 9 digits) when it passes the Luhn check, else empty."""
    siren = siret[:9]
    return siren if len(siren) == 9 and siren_number.is_valid(siren) else ""


def slug(name: str, departement: str) -> str:
    """The stable id of an employer without SIRET: ``couleurs-citoyennes-11``."""
    words = normalise(name).lower().split() or ["employeur"]
    text = "-".join(words)[:60].rstrip("-")
    return f"{text}-{departement.lower()}" if departement else text


def classify(name: str, siren: str) -> Typing:
    """The actor type of an employer, from its SIREN in the COG, else from its name."""
    known = _from_cog(siren)
    if known is not None:
        return known
    folded = fold_words(name)
    matches = [(atype, sub, label) for atype, sub, pattern, label in _RULES
               if pattern.search(folded)]
    if not matches:
        return _default(folded, siren)
    atype, sub, label = matches[0]
    reason = f"nom contenant {label}"
    others = sorted({m[0] for m in matches[1:] if m[0] != atype})
    if others:
        reason += " (aussi : " + ", ".join(others) + ")"
    doubt = bool(others) or (atype == "bailleur" and _doubtful_landlord(folded))
    return Typing(atype, sub, reason, uncertain=doubt)


def _doubtful_landlord(folded: str) -> bool:
    """A « logement » name without OPH/HLM/habitat, or an association's or youth housing's."""
    return (not _LANDLORD.search(folded) or bool(_ASSOCIATION.search(folded))
            or "JEUNES" in folded.split())


def _default(folded: str, siren: str) -> Typing:
    """Association by default; doubtful when the name or a public SIREN says otherwise."""
    other = _OTHER_FORMS.search(folded)
    if other:
        return Typing("association", "", f"par défaut (nom contenant « {other.group(1)} » : "
                      "à vérifier)", uncertain=True)
    if siren[:1] in ("1", "2"):
        return Typing("association", "", "par défaut (SIREN d'une personne publique : à vérifier)",
                      uncertain=True)
    if _ASSOCIATION.search(folded):
        return Typing("association", "", "nom d'association")
    return Typing("association", "", "par défaut : aucun mot-clé")


def _from_cog(siren: str) -> Typing | None:
    """A commune, EPCI or EPT recognised by its SIREN in the shipped COG 2026."""
    territory = cog.by_siren(siren) if siren else None
    if territory is None:
        return None
    level = territory["level"]
    if level == "commune":
        from_fr = commune_name(territory)
        return Typing("collectivite", "commune", "SIREN d'une commune (COG 2026)",
                      territory=territory["id"], name=from_fr)
    return Typing("collectivite", "epci", "SIREN d'un EPCI ou d'un EPT (COG 2026)",
                  territory=territory["id"], name=territory["name"])
