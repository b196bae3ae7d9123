"""The embedded runner's message transport: kombu's file transport, with each message
written whole before it can be read.

kombu's file transport creates a message's file under its final name and then writes it,
so a reader polling the same folder may take the file while it is still empty; the worker
then stops with a JSON error, and every task after it waits for a restart. Here a message
is written under a name no reader looks for, flushed to disk, and renamed to its final name
in one step (a rename is atomic within a folder), so a reader sees a whole message or none.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from time import monotonic
from typing import Any

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.json import dumps


class Channel(filesystem.Channel):
    def _put(self, queue: Any, payload: Any, **kwargs: Any) -> None:  # type: ignore[override]  # kombu types its two bases apart
        final = os.path.join(
            self.data_folder_out, f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        )
        # No dot in the name: the reader takes only files named "<id>.<queue>.msg".
        partial = os.path.join(self.data_folder_out, f"partial-{uuid.uuid4().hex}")
        try:
            with open(partial, "wb") as handle:
                handle.write(dumps(payload).encode())
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(partial, final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.remove(partial)
            raise ChannelError(f"Cannot add file {final!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
