"""Does a clause open with a verb? underthesea's part-of-speech tagger (a CRF shipped in its
wheel) decides, for items that give an order with a verb no cue list names ("Kiểm soát chặt
chẽ ...", "Không sử dụng tàu cuốc ...", "Lưu trữ hồ sơ ...").

Only the first words are tagged, with the capital of the first lowered (the tagger reads a
capitalised word as a name), and answers are cached: openers repeat across a document.
"""
from __future__ import annotations

from functools import lru_cache

# Tags of underthesea: V verb, R adverb ("không", "chỉ"), A adjective ("kịp thời", "nghiêm
# túc"): an adverb or adjective in front of a verb still opens an order.
_VERB = "V"
_BEFORE_VERB = ("R", "A")
_WORDS = 5


def opens_with_verb(text: str, modified: bool = True) -> bool:
    """``modified``: an adverb or adjective before the verb counts too ("Không sử dụng",
    "Kịp thời đưa tin")."""
    words = text.split()[:_WORDS]
    if not words or not words[0][:1].isalpha():
        return False
    tags = _tags(" ".join(words))
    return bool(tags) and (tags[0] == _VERB or (modified and len(tags) > 1
                                                and tags[0] in _BEFORE_VERB and tags[1] == _VERB))


@lru_cache(maxsize=4096)
def _tags(opening: str) -> tuple[str, ...]:
    from underthesea import pos_tag
    return tuple(tag for _, tag in pos_tag(opening[:1].lower() + opening[1:]))
