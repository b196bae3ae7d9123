"""Names of uploaded files: a random storage name, a safe display name, the extension."""

from __future__ import annotations

import secrets
import unicodedata

ORIGINAL_NAME_MAX_LENGTH = 150


def random_storage_name(prefix: str, extension: str) -> str:
    """``<prefix>/<32 random hex digits>.<extension>``: never derived from what a user typed."""
    clean_prefix = "/".join(
        part for part in prefix.replace("\\", "/").split("/") if part not in {"", ".", ".."}
    )
    clean_extension = "".join(
        ch for ch in extension.lower().lstrip(".") if ch.isascii() and ch.isalnum()
    )[:10]
    name = secrets.token_hex(16) + (f".{clean_extension}" if clean_extension else "")
    return f"{clean_prefix}/{name}" if clean_prefix else name


def sanitize_original_name(name: str | None, *, max_length: int = ORIGINAL_NAME_MAX_LENGTH) -> str:
    """A file name safe to display and to offer in Content-Disposition.

    Strips any directory part (``C:\\Users\\..\\cv.pdf`` becomes ``cv.pdf``), control and
    format characters (including the right-to-left override that disguises ``exe.pdf``),
    quotes, and leading dots; keeps the extension when it shortens the name.
    """
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(
        " " if ch.isspace() else ch
        for ch in name
        if ch.isspace()
        or (unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"} and ch not in '"<>|*?:')
    )
    cleaned = " ".join(cleaned.split()).lstrip(".").strip()
    if not cleaned:
        return "file"
    if len(cleaned) > max_length:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and stem and 0 < len(extension) <= 10:
            cleaned = stem[: max_length - len(extension) - 1].rstrip() + "." + extension
        else:
            cleaned = cleaned[:max_length]
    return cleaned


def file_extension(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and _stem else ""
