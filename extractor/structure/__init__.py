"""Structure stage: ReadDocument → StructuredNotice (metadata, preamble, outline, closing).

The document is cut into zones first (header, body, closing, recipients and signature),
because only the body holds points, and a header's "Kính gửi: - ..." list or the "Nơi nhận"
list must never be read as outline items.
"""
from __future__ import annotations

from ..model import ReadDocument, StructuredNotice
from .metadata import read_metadata
from .outline import build_outline, match_marker, walk
from .zones import split_zones

__all__ = ["structure", "build_outline", "match_marker", "walk"]


def structure(document: ReadDocument) -> StructuredNotice:
    """Find the metadata and the outline of one read document."""
    zones = split_zones(document.blocks)
    preamble, outline = build_outline(zones.body)
    metadata = read_metadata(zones, preamble)
    return StructuredNotice(document=document, metadata=metadata, preamble=preamble,
                            outline=outline, closing=zones.closing)
