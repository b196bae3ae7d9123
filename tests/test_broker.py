"""The embedded runner's file transport hands a reader whole messages only."""

from __future__ import annotations

import builtins
from pathlib import Path
from typing import Any

import pytest
from kombu import Connection
from kombu.transport.virtual.base import Empty

from socialtech.broker import Transport


def channel(folder: Path) -> Any:
    connection = Connection(
        "filesystem://localhost/",
        transport=Transport,
        transport_options={
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "store_processed": False,
        },
    )
    return connection.default_channel


def test_a_reader_polling_while_a_message_is_written_never_gets_part_of_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    writer, reader = channel(tmp_path), channel(tmp_path)
    seen_while_writing: list[str] = []
    real_open = builtins.open

    class Slow:
        """A file being written: before the bytes land, a reader polls the folder."""

        def __init__(self, handle: Any) -> None:
            self.handle = handle

        def write(self, data: bytes) -> int:
            try:
                reader._get("celery")
            except Empty:
                seen_while_writing.append("nothing")
            else:
                seen_while_writing.append("a message")
            return self.handle.write(data)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.handle, name)

        def __enter__(self) -> Slow:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

    def opening(path: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(path, mode, *args, **kwargs)
        if "w" in mode and str(path).startswith(str(tmp_path)):
            return Slow(handle)
        return handle

    monkeypatch.setattr(builtins, "open", opening)
    writer._put("celery", {"body": "hello", "n": 1})
    monkeypatch.setattr(builtins, "open", real_open)

    # While the message was being written the reader found nothing to take; now it is whole.
    assert seen_while_writing == ["nothing"]
    assert reader._get("celery") == {"body": "hello", "n": 1}
    with pytest.raises(Empty):
        reader._get("celery")
    assert list(tmp_path.iterdir()) == []
