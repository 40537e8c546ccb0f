"""Connecting to a Bolt server, and every driver failure as one French sentence."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import replace

from neo4j import Driver, GraphDatabase
from neo4j import exceptions as ex

from hlmgraph.errors import StoreError
from hlmgraph.settings import Neo4jSettings
from hlmgraph.store.files import cypher

_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")

logging.getLogger("neo4j").addHandler(logging.NullHandler())
# The driver logs lost connections at ERROR level; without a configured logging,
# Python would print them after our French message. Applications may still log them.


def connect(settings: Neo4jSettings) -> Driver:
    """Open a driver and check server, credentials and database; raise StoreError otherwise."""
    if settings.uri.partition("://")[0].lower() not in _SCHEMES:
        raise _store_error(ValueError(settings.uri), settings, loading=False)
    try:
        driver = GraphDatabase.driver(
            settings.uri, auth=(settings.user, settings.password), connection_timeout=10.0
        )
    except (ValueError, ex.ConfigurationError) as exc:  # malformed URI or scheme
        raise _store_error(exc, settings, loading=False) from None
    try:
        with errors(settings), driver.session(database=settings.database) as session:
            session.run(cypher("ping")).consume()
    except BaseException:
        driver.close()
        raise
    return driver


@contextlib.contextmanager
def errors(settings: Neo4jSettings, loading: bool = False, replacing: bool = False) -> Iterator[None]:
    """Turn driver and network failures into a StoreError with one French sentence."""
    try:
        yield
    except (ex.Neo4jError, ex.DriverError, OSError) as exc:
        raise _store_error(exc, settings, loading, replacing) from None


def _safe_uri(uri: str) -> str:
    """The URI without any user:password part, fit to print."""
    scheme, sep, rest = uri.partition("://")
    host = rest.rpartition("@")[2] if sep else uri.rpartition("@")[2]
    return f"{scheme}{sep}{host}" if sep else host


def _store_error(
    exc: BaseException, settings: Neo4jSettings, loading: bool, replacing: bool = False
) -> StoreError:
    """The StoreError explaining ``exc`` to the user (never showing the password)."""
    untouched = " Rien n'a été modifié dans la base." if loading else ""
    settings = replace(settings, uri=_safe_uri(settings.uri))
    code = getattr(exc, "code", None) or ""
    if isinstance(exc, ex.AuthError) or code.endswith("Unauthorized"):
        return StoreError(
            f"Authentification refusée pour l'utilisateur « {settings.user} » sur {settings.uri} : "
            "vérifiez NEO4J_USERNAME et NEO4J_PASSWORD."
        )
    if isinstance(exc, ex.Forbidden) or code.startswith("Neo.ClientError.Security"):
        return StoreError(
            f"L'utilisateur « {settings.user} » n'a pas le droit d'écrire dans la base : utilisez "
            f"un compte ayant les droits d'écriture.{untouched}"
        )
    if code.endswith("DatabaseNotFound"):
        return StoreError(
            f"La base « {settings.database} » n'existe pas sur {settings.uri} : créez-la ou "
            "corrigez NEO4J_DATABASE (--database)."
        )
    if isinstance(exc, ex.ConfigurationError | ValueError):
        return StoreError(
            f"Adresse Neo4j invalide « {settings.uri} » : utilisez bolt://hôte:port ou "
            "neo4j://hôte:port (NEO4J_URI, --uri)."
        )
    if isinstance(exc, ex.IncompleteCommit):
        return StoreError(
            f"La connexion à {settings.uri} a été perdue pendant la validation du chargement : "
            "relancez la même commande, elle remet la base dans l'état voulu."
        )
    if isinstance(exc, ex.TransientError):
        return StoreError(
            "Un autre programme modifiait la base en même temps : relancez le chargement "
            f"quand il a fini.{untouched}"
        )
    if isinstance(exc, ex.ConstraintError) and replacing:
        return StoreError(
            "Un autre programme a écrit dans la base pendant ce chargement (des nœuds de mêmes "
            "identifiants sont apparus) : relancez la même commande quand il a fini."
            f"{untouched}"
        )
    if isinstance(exc, ex.ConstraintError):
        return StoreError(
            "Le chargement viole une contrainte de la base (identifiant déjà pris par un autre "
            f"nœud) : relancez avec --replace ou retirez la contrainte en cause.{untouched}"
        )
    if isinstance(exc, ex.ServiceUnavailable | ex.SessionExpired | OSError) or not code:
        if loading:
            return StoreError(
                f"La connexion à {settings.uri} a été perdue pendant le chargement : vérifiez que "
                f"le serveur tourne puis relancez la commande.{untouched}"
            )
        return StoreError(
            f"Serveur Neo4j injoignable à {settings.uri} : démarrez-le (ou lancez « hlmgraph db "
            "start ») et vérifiez NEO4J_URI (--uri)."
        )
    message = getattr(exc, "message", None) or str(exc)
    return StoreError(
        f"Le serveur a refusé l'opération ({code} : {message}) : corrigez la cause indiquée "
        f"puis relancez.{untouched}"
    )
