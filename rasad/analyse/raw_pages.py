"""Raw pages as ``article_html`` keeps them: compressed, with the name of the compression beside
each page, so pages stored by an older rasad (zlib) still read back after the default changed.

zstd at level 3 takes about a third of zlib level 3's CPU time on Arabic news pages and stores
them about 10 % smaller (``python bench/stages.py`` times the compression stage)."""

from __future__ import annotations

import zlib

import zstandard

COMPRESSION = "zstd"
"""What :func:`compress_page` writes; the ``compression`` column of every page it stores."""
_ZSTD_LEVEL = 3
_compressor = zstandard.ZstdCompressor(level=_ZSTD_LEVEL)
_decompressor = zstandard.ZstdDecompressor()


def compress_page(body: bytes) -> bytes:
    """The raw page as ``article_html`` stores it, compressed with :data:`COMPRESSION`."""
    return _compressor.compress(body)


def decompress_page(stored: bytes, compression: str) -> bytes:
    """The raw page from its stored form; *compression* is the row's ``compression`` column."""
    if compression == "zstd":
        return _decompressor.decompress(stored)
    if compression == "zlib":
        return zlib.decompress(stored)
    raise ValueError(f"unknown page compression {compression!r}")
