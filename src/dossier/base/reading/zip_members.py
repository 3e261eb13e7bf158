"""Reading the parts of a zip (a Word file) without letting a small file inflate into
gigabytes: a part's declared size is checked before it is inflated, and inflating stops at
the limit whatever the archive declared; the parts read from one archive share a total."""

from __future__ import annotations

import zipfile

from ..problem_codes import EXPANDS_PAST_LIMIT
from ..problems import CommandFailed, Location
from .read_input import current_limits, format_size

_CHUNK = 1 << 16


class ZipTooLarge(CommandFailed):
    code = EXPANDS_PAST_LIMIT


class ZipReader:
    """The parts of one archive, each at most `part_limit` bytes inflated and all of them
    together at most `total_limit` (default: --max-file-size and --max-snapshot-size)."""

    def __init__(
        self,
        archive: zipfile.ZipFile,
        shown: str,
        part_limit: int | None = None,
        total_limit: int | None = None,
    ):
        limits = current_limits()
        self.archive, self.shown = archive, shown
        self.part_limit = part_limit or limits.file_bytes
        self.total_limit = total_limit or limits.snapshot_bytes
        self.total_left = self.total_limit

    def read(self, member: zipfile.ZipInfo | str) -> bytes:
        info = member if isinstance(member, zipfile.ZipInfo) else self.archive.getinfo(member)
        limit = min(self.part_limit, self.total_left)
        if info.file_size > limit:
            raise self._too_large(info, limit, f"would inflate to {info.file_size:,} bytes")
        chunks, size = [], 0
        with self.archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    raise self._too_large(info, limit, "inflates to more")
                chunks.append(chunk)
        self.total_left -= size
        return b"".join(chunks)

    def _too_large(self, info: zipfile.ZipInfo, limit: int, how: str) -> ZipTooLarge:
        if limit < self.part_limit:
            option = "--max-snapshot-size"
            message = (
                f"this part {how}, more than is left of the {format_size(self.total_limit)} "
                f"limit on a Word file's parts together ({option})"
            )
        else:
            option = "--max-file-size"
            message = (
                f"this part {how}, more than the {format_size(limit)} limit on a part of a "
                f"Word file ({option})"
            )
        return ZipTooLarge(
            message,
            f"a Word file `dossier build` wrote is far smaller; if this one is genuine, raise "
            f"the limit with {option}",
            Location(f"{self.shown}#{info.filename}"),
        )
