"""Find documents that are the same text, or nearly so.

Republished blog posts, a report attached to two council proposals, a
policy note saved as both PDF and DOCX: counting such texts twice would
inflate exactly the organisations that publish the most. Exact duplicates
share a hash of their normalised text; near duplicates are found with
MinHash locality-sensitive hashing (datasketch) over word 5-grams, which
scales to tens of thousands of documents without comparing every pair.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

SHINGLE_SIZE = 5
NUM_PERM = 128


def normalised_for_hash(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def content_hash(text: str) -> str:
    """SHA-256 of the text with case, punctuation and spacing ignored."""
    return hashlib.sha256(normalised_for_hash(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[str]:
    words = normalised_for_hash(text).split()
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@dataclass(frozen=True)
class DuplicateLink:
    doc_id: str
    original_id: str
    kind: str  # exact | near
    similarity: float


def find_duplicates(
    doc_ids: Sequence[str],
    texts: Sequence[str],
    threshold: float,
    seed: int = 1,
) -> list[DuplicateLink]:
    """Link every duplicate to the first document (in the given order) it
    duplicates. Callers order documents so that the one to keep comes first
    (earliest date). Similarity of near duplicates is the MinHash estimate
    of the Jaccard index of word 5-grams."""
    from datasketch import MinHash, MinHashLSH

    links: list[DuplicateLink] = []
    first_by_hash: dict[str, str] = {}
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: dict[str, MinHash] = {}
    for doc_id, text in zip(doc_ids, texts):
        digest = content_hash(text)
        if digest in first_by_hash:
            links.append(DuplicateLink(doc_id, first_by_hash[digest], "exact", 1.0))
            continue
        first_by_hash[digest] = doc_id
        signature = MinHash(num_perm=NUM_PERM, seed=seed)
        for shingle in shingles(text):
            signature.update(shingle.encode("utf-8"))
        candidates = [c for c in lsh.query(signature) if signature.jaccard(signatures[c]) >= threshold]
        if candidates:
            best = max(candidates, key=lambda c: signature.jaccard(signatures[c]))
            links.append(DuplicateLink(doc_id, best, "near", round(signature.jaccard(signatures[best]), 3)))
            continue
        lsh.insert(doc_id, signature)
        signatures[doc_id] = signature
    return links
