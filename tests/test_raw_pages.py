"""Raw pages as article_html keeps them: the current compression and the ones older rasads wrote."""

from __future__ import annotations

import zlib

import pytest

from rasad.analyse.raw_pages import COMPRESSION, compress_page, decompress_page

PAGE = ("<html><body><p>" + "سقطت صواريخ على قاعدة عين الأسد الجوية غربي العراق. " * 40 + "</p></body></html>").encode()


def test_a_page_comes_back_byte_for_byte_and_smaller():
    stored = compress_page(PAGE)
    assert len(stored) < len(PAGE) / 5
    assert decompress_page(stored, COMPRESSION) == PAGE


def test_a_page_an_older_rasad_compressed_with_zlib_reads_back():
    assert decompress_page(zlib.compress(PAGE, 3), "zlib") == PAGE


def test_an_unknown_compression_is_an_error_not_garbage():
    with pytest.raises(ValueError, match="brotli"):
        decompress_page(compress_page(PAGE), "brotli")
