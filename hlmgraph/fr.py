"""Wording step: every text meant for people goes through these French helpers.

Numbers (« 1 470 », « 0,25 »), percentages, dates in words (« 31 décembre 2026 »),
plurals, name lists (« A, B et deux autres »), labels of the model's vocabularies,
articles (« de la Loire », « du PLIE des Deux Canaux ») and typography (narrow
no-break space U+202F before ; : ! ? and inside « »). Pure functions, no I/O but the
shipped geography's article codes (``cog.liaison``).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

from hlmgraph.cog import liaison
from hlmgraph.schema import KIND_LABELS_FR, LEVEL_LABELS_FR, ROLE_LABELS_FR, TYPE_LABELS_FR, fold

NNBSP = "\u202f"
"""Narrow no-break space: thousands separator and space before high punctuation."""

MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)
SMALL_NUMBERS = (
    "zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix",
)
NO_TYPE = "Sans type"
"""Label of an actor without type, everywhere."""

# Article of a place by the COG's « type de nom » (TNCC / typeLiaison).
_PLACE_ARTICLE = {0: "", 1: "", 2: "le ", 3: "la ", 4: "les ", 5: "l'", 6: "aux ", 7: "las ",
                  8: "los "}
_PLACE_OF = {0: "de ", 1: "d'", 2: "du ", 3: "de la ", 4: "des ", 5: "de l'", 6: "aux ",
             7: "de las ", 8: "de los "}
# Leading words (folded) of organisation names that take an article: gender or plural.
_HEADS = {
    "f": ("regie", "mission", "maison", "communaute", "metropole", "ville", "commune",
          "prefecture", "direction", "caisse", "agence", "association", "federation",
          "union", "cooperative", "societe", "banque", "region", "chambre", "delegation",
          "amicale", "entreprise", "fondation", "plateforme", "structure", "sous-prefecture",
          "compagnie", "collectivite", "confederation"),
    "m": ("plie", "centre", "conseil", "office", "departement", "mouvement", "comite",
          "syndicat", "groupement", "bailleur", "etablissement", "institut", "service",
          "pole", "reseau", "foyer", "collectif", "club", "secretariat", "ministere",
          "gip", "ccas", "etat", "cias", "epci", "qpv", "pays"),
    "p": ("compagnons", "restos", "amis", "petits", "habitants", "jardins", "ateliers"),
}
_VOWELS = "aeiouyàâäéèêëîïôöùûüœæh"
_KIND_IN_SENTENCE = {
    "contrat_de_ville": "le contrat de ville",
    "abattement_tfpb": "la convention d'abattement de TFPB",
    "prestation": "la prestation",
    "partenariat": "le partenariat",
    "npnru": "le projet NPNRU",
    "action_coeur_de_ville": "la convention Action Cœur de Ville",
    "cus": "la CUS",
    "autre": "le contrat",
}
# Contract names that already say what they are (« Convention … », « Contrat … »).
_CONTRACT_HEADS = {
    "contrat": "le ", "convention": "la ", "marche": "le ", "charte": "la ", "accord": "l'",
    "protocole": "le ", "programme": "le ", "projet": "le ", "partenariat": "le ",
    "prestation": "la ", "pacte": "le ", "plan": "le ", "subvention": "la ",
}
_HEAD_GENDER = {head: gender for gender, heads in _HEADS.items() for head in heads}
_TYPOGRAPHY = (
    (re.compile(r"[ \u00a0\u202f]*([;:!?])"), NNBSP + r"\1", ";:!?"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP, "«"),
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»", "»"),
)
"""(pattern, replacement, the characters without which the pattern cannot match)."""
_URL_OR_TIME = re.compile(r"(https?|mailto|file)\u202f:|\d\u202f:\d")


# ---------------------------------------------------------------- numbers and dates


def number(value: float | int, decimals: int | None = None) -> str:
    """« 1 470 », « 12,5 »: thousands with U+202F, decimal comma (``decimals`` fixed or up to 2)."""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int) and decimals is None:
        return f"{value:,}".replace(",", NNBSP)
    text = f"{value:,.{2 if decimals is None else decimals}f}"
    if decimals is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", NNBSP).replace(".", ",")


def percent(ratio: float, decimals: int = 0) -> str:
    """A ratio as a French percentage: 0.125 → « 12,5 % » (``decimals`` digits)."""
    return f"{number(ratio * 100, decimals)}{NNBSP}%"


def euros(amount: float) -> str:
    """« 12 500 € », « 12 500,50 € »."""
    cents = round(amount * 100) % 100
    return f"{number(amount, 2 if cents else 0)}{NNBSP}€"


def date(day: dt.date) -> str:
    """« 1er janvier 2026 », « 31 décembre 2026 »."""
    first = "1er" if day.day == 1 else str(day.day)
    return f"{first} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: dt.date) -> str:
    """« 31/12/2026 »."""
    return day.strftime("%d/%m/%Y")


def in_words(n: int) -> str:
    """« deux » for small counts (0–10), digits with separators beyond."""
    return SMALL_NUMBERS[n] if 0 <= n < len(SMALL_NUMBERS) else number(n)


# ---------------------------------------------------------------- plurals and lists


def noun(n: float, singular: str, plural: str | None = None) -> str:
    """The word for ``n`` things: French plural from 2 on (0 and 1 singular)."""
    if abs(n) < 2:
        return singular
    return plural if plural is not None else _plural_of(singular)


def count(n: int, singular: str, plural: str | None = None) -> str:
    """« 1 acteur », « 1 470 logements », « 0 manque »."""
    return f"{number(n)} {noun(n, singular, plural)}"


def names(items: Sequence[str], limit: int = 3, other: str = "autre") -> str:
    """« A », « A et B », « A, B et C », « A, B, C et deux autres » (``limit`` shown)."""
    items = list(items)
    if len(items) <= limit + 1:
        return _join(items)
    rest = len(items) - limit
    return _join([*items[:limit], f"{in_words(rest)} {noun(rest, other)}"])


def bracket(text: str, extra: str) -> str:
    """« text (extra) », or « Name (fictif, extra) » when ``text`` already ends in brackets."""
    if text.endswith(")"):
        return f"{text[:-1]}, {extra})"
    return f"{text} ({extra})"


def quote(text: str) -> str:
    """« text » with narrow no-break spaces inside the guillemets."""
    return f"«{NNBSP}{text}{NNBSP}»"


def typography(text: str) -> str:
    """French typography: U+202F before ; : ! ? and inside « », no doubled spaces."""
    for pattern, repl, needed in _TYPOGRAPHY:
        if any(char in text for char in needed):
            text = pattern.sub(repl, text)
    if NNBSP + ":" not in text:
        return text
    return _URL_OR_TIME.sub(lambda m: m.group(0).replace(NNBSP, ""), text)


def lower_first(label: str) -> str:
    """Lower-case a label's first letter unless it starts an acronym (« EPCI », « PLIE »)."""
    head = label.split(" ", 1)[0]
    if len(head) > 1 and head.replace("-", "").isupper():
        return label
    return label[:1].lower() + label[1:]


# ---------------------------------------------------------------- vocabularies


def type_label(kind: str | None) -> str:
    """French label of an actor type (« Régie de quartier »; « Sans type » when empty)."""
    return TYPE_LABELS_FR.get(kind or "", kind or NO_TYPE)


def level_label(level: str | None) -> str:
    """French label of a territory level (« Département », « EPCI »)."""
    return LEVEL_LABELS_FR.get(level or "", level or "Territoire")


def kind_label(kind: str | None) -> str:
    """French label of a contract kind (« Contrat de ville »)."""
    return KIND_LABELS_FR.get(kind or "", kind or "Contrat")


def role_label(role: str | None) -> str:
    """French label of a party role (« Signataire »)."""
    return ROLE_LABELS_FR.get(role or "", role or "Signataire")


# ---------------------------------------------------------------- articles


def with_article(name: str) -> str:
    """An organisation name as it reads in a sentence: « la Régie de quartier des Filatures »."""
    return _organisation_article(name) + name


def of(name: str) -> str:
    """« de » + an organisation name: « du PLIE… », « de la Régie… », « d'Action Logement »."""
    article = _organisation_article(name)
    if article == "le ":
        return f"du {name}"
    if article == "les ":
        return f"des {name}"
    if article in ("la ", "l'"):
        return f"de {article}{name}"
    return f"d'{name}" if _starts_with_vowel(name) else f"de {name}"


def place(name: str, code: int | str | None = None) -> str:
    """A place with its article from the COG's type de nom: « la Loire », « le Nord »."""
    if _has_own_article(name):
        return name[:1].lower() + name[1:] if name[:2] != "L'" else "l'" + name[2:]
    return _PLACE_ARTICLE.get(_tncc(name, code), "") + name


def of_place(name: str, code: int | str | None = None) -> str:
    """« de la Loire », « du Nord », « des Bouches-du-Rhône », « d'Ille-et-Vilaine », « du Havre »."""
    for article, contracted in (("Les ", "des "), ("Le ", "du "), ("La ", "de la "),
                                ("L'", "de l'")):
        if name.startswith(article):
            return contracted + name[len(article):]
    return _PLACE_OF.get(_tncc(name, code), "de ") + name


def territory(attrs: Mapping[str, Any]) -> str:
    """A territory in a sentence: « le département de la Loire », « la commune du Havre »."""
    name = str(attrs.get("name") or attrs.get("id") or "")
    level = str(attrs.get("level") or "")
    code = _liaison_of(attrs)
    if level == "departement":
        return f"le département {of_place(name, code)}"
    if level == "region":
        return f"la région {name}"
    if level == "commune":
        return f"la commune {of_place(name, code)}"
    if level == "epci":
        return f"l'EPCI {name}"
    if level == "qpv":
        return f"le QPV {name}"
    return f"le territoire {name}"


def territory_title(attrs: Mapping[str, Any]) -> str:
    """A territory as a title: « Lille-Sud (QPV) », « Loire (département) »."""
    name = str(attrs.get("name") or attrs.get("id") or "")
    level = str(attrs.get("level") or "")
    return bracket(name, lower_first(level_label(level))) if level in LEVEL_LABELS_FR else name


def contract(attrs: Mapping[str, Any]) -> str:
    """A contract in a sentence, its kind said once: « le contrat de ville « Roubaix » »."""
    name = str(attrs.get("name") or attrs.get("id") or "")
    head = fold(re.split(r"[ '’]", name, maxsplit=1)[0])
    if head in _CONTRACT_HEADS:
        article = _CONTRACT_HEADS[head]
        return f"{article}{lower_first(name)}"
    return f"{_KIND_IN_SENTENCE.get(str(attrs.get('kind') or ''), 'le contrat')} {quote(name)}"


def actor(attrs: Mapping[str, Any]) -> str:
    """An actor as « Name (type) », the type in lower case."""
    name = str(attrs.get("name") or attrs.get("id") or "")
    kind = attrs.get("type")
    return bracket(name, lower_first(type_label(str(kind)))) if kind else name


# ---------------------------------------------------------------- helpers


def _join(items: Sequence[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} et {items[-1]}"


def _plural_of(word: str) -> str:
    """Regular French plural of each word of a short noun phrase head (« logement social »)."""
    parts = word.split(" ")
    for i, part in enumerate(parts):
        if part in ("de", "du", "des", "d'", "à", "en", "la", "le", "les"):
            break
        parts[i] = _plural_word(part)
    return " ".join(parts)


def _plural_word(word: str) -> str:
    """Plural of one French word (s, x, z unchanged; -al → -aux; -eau → -eaux)."""
    if not word or word[-1] in "sxz" or not word[-1].isalpha():
        return word
    if word.endswith(("eau", "au", "eu")) and word not in ("pneu", "bleu"):
        return word + "x"
    if word.endswith("al") and word not in ("bal", "festival", "régal"):
        return word[:-2] + "aux"
    return word + "s"


def _starts_with_vowel(name: str) -> bool:
    """Whether « de » elides before ``name`` (vowel or mute h)."""
    return bool(name) and name[0].lower() in _VOWELS


@functools.lru_cache(maxsize=16384)
def _organisation_article(name: str) -> str:
    """The definite article an organisation name takes, or '' for a proper name."""
    if not name or _has_own_article(name):
        return ""
    gender = _HEAD_GENDER.get(fold(re.split(r"[ '’-]", name, maxsplit=1)[0]))
    if gender is None:
        return ""
    if gender == "p":
        return "les "
    if _starts_with_vowel(name):
        return "l'"
    return "le " if gender == "m" else "la "


def _has_own_article(name: str) -> bool:
    """Whether a name already starts with an article (« Le Havre », « La Courneuve »)."""
    return name.startswith(("Le ", "La ", "Les ", "L'", "L’"))


def _tncc(name: str, code: int | str | None) -> int:
    """The type-de-nom code, or one guessed from the first letter when unknown."""
    if code not in (None, ""):
        try:
            return int(code)
        except ValueError:
            pass
    return 1 if _starts_with_vowel(name) else 0


def _liaison_of(attrs: Mapping[str, Any]) -> int | None:
    """The type-de-nom code of a territory: its own ``liaison`` or the shipped COG's."""
    if attrs.get("liaison") not in (None, ""):
        return int(attrs["liaison"])
    level, code = str(attrs.get("level") or ""), str(attrs.get("code") or "")
    if not code and ":" in str(attrs.get("id") or ""):
        code = str(attrs["id"]).split(":", 1)[1]
    return liaison(level, code) if level and code else None
