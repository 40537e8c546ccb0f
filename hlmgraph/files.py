"""Shared writing step: files written whole or not at all, output folders, French reasons.

Every file hlmgraph writes goes through ``atomic_path``: a temporary file beside
the target, moved into place only on success. A character device given as the
target (``--out /dev/null``) is written directly and stays a device; a pipe,
a socket or a block device is refused.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from hlmgraph.errors import HlmgraphError, OutputError


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike[str], option: str = "--out") -> Iterator[Path]:
    """Yield a temporary path next to ``path``; move it into place only on success."""
    with atomic_paths([path], [option]) as (tmp,):
        yield tmp


@contextlib.contextmanager
def atomic_paths(
    paths: Sequence[str | os.PathLike[str]], options: Sequence[str] | None = None
) -> Iterator[list[Path]]:
    """Yield temporary paths next to ``paths``; move them all into place only on success."""
    targets = [Path(p) for p in paths]
    names = list(options) if options is not None else ["--out"] * len(targets)
    for target, option in zip(targets, names, strict=True):
        check_file_target(target, option)
    temps: list[Path] = []
    try:
        for target in targets:
            temps.append(_temp_beside(target))
        yield temps
        for tmp, target in zip(temps, targets, strict=True):
            try:
                if _is_device(target):
                    _copy_into(tmp, target)
                else:
                    os.replace(tmp, target)
            except OSError as exc:
                raise OutputError(_cannot_write(target, exc)) from exc
    finally:
        for tmp in temps:
            tmp.unlink(missing_ok=True)


def check_file_target(target: str | os.PathLike[str], option: str = "--out") -> None:
    """Refuse an output path that is a folder, a special file or lies under a file (before any work).

    A character device (``/dev/null``) is written directly, never replaced.
    """
    path = Path(target)
    if path.is_dir():
        raise OutputError(f"{path} est un dossier : donnez un nom de fichier à {option}.")
    if path.exists() and not path.is_file() and not _is_device(path):
        raise OutputError(
            f"{path} n'est pas un fichier ordinaire (tube, socket ou périphérique) : donnez à "
            f"{option} le nom d'un fichier."
        )
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(
                    f"Impossible d'écrire {path} : {parent} est un fichier, pas un dossier ; "
                    f"corrigez le chemin donné à {option}."
                )
            break


def output_folder(
    target: str | os.PathLike[str],
    option: str = "--out",
    error: type[HlmgraphError] = OutputError,
    create: bool = True,
    mode: int = 0o777,
) -> Path:
    """Create the output folder ``target`` (with ``mode``) if needed, or only check it can be one."""
    folder = Path(target)
    if folder.exists() and not folder.is_dir():
        raise error(f"{folder} est un fichier : donnez à {option} un dossier (existant ou à créer).")
    if not create:
        return folder
    try:
        folder.mkdir(mode=mode, parents=True, exist_ok=True)
    except OSError as exc:
        raise error(
            f"Impossible de créer le dossier {folder} ({reason_fr(exc)}) : choisissez un dossier "
            f"accessible en écriture pour {option}."
        ) from None
    return folder


def _is_device(path: Path) -> bool:
    """Whether ``path`` is a character device (``/dev/null``, ``/dev/full``, a terminal)."""
    try:
        return stat.S_ISCHR(path.stat().st_mode)
    except OSError:
        return False


def _copy_into(tmp: Path, device: Path) -> None:
    """Write the finished temporary file into a character device, which stays a device."""
    with tmp.open("rb") as source, device.open("wb") as sink:
        shutil.copyfileobj(source, sink)


def _temp_beside(target: Path) -> Path:
    """A new empty temporary file in the folder of ``target`` (created if needed)."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = None if _is_device(target) else target.parent  # never a file inside /dev
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", dir=folder)
    except OSError as exc:
        raise OutputError(_cannot_write(target, exc)) from exc
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
    return tmp


_REASONS_FR: dict[int, str] = {
    errno.EACCES: "permission refusée",
    errno.EPERM: "opération non permise",
    errno.ENOENT: "dossier introuvable",
    errno.EROFS: "système de fichiers en lecture seule",
    errno.ENOSPC: "disque plein",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.EEXIST: "un fichier porte déjà ce nom",
    errno.ENAMETOOLONG: "nom trop long",
}


def reason_fr(exc: OSError) -> str:
    """The cause of a file-system error in French (the system's text when unknown)."""
    return _REASONS_FR.get(exc.errno or 0, exc.strerror or str(exc))


def _cannot_write(target: Path, exc: OSError) -> str:
    """The French sentence for an output that cannot be written."""
    return (
        f"Impossible d'écrire {target} ({reason_fr(exc)}) : choisissez un dossier accessible "
        "en écriture."
    )


def _umask() -> int:
    """The process umask (read by setting and restoring it)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write UTF-8 text atomically (LF line ends, byte-identical for the same text)."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(text.encode("utf-8"))


def write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write bytes atomically."""
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
