"""Photos and scans (.png, .jpg, .tif) → RawDocument by text recognition (see ``ocr``).

Each image is a page; a multi-page TIFF gives one page per frame. Pillow opens the file (it
comes with pdfplumber); images too large to be a page scan are refused before decoding.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from gzviewer.errors import DocumentReadError
from gzviewer.ingest import ocr
from gzviewer.ingest.raw import RawDocument

REASON_CORRUPT = "文件已损坏或不是有效的图片"
REASON_TOO_LARGE = "图片过大（{pixels:.0f}万像素，上限{limit:.0f}万像素）"
REASON_DECLARED_TOO_LARGE = "图片过大（声明的尺寸远超扫描页面），可能是恶意构造的文件"
REASON_TOO_MANY = "图片页数过多（{pages}页，上限{limit}页）"
# An A3 page at 600 dpi is about 70 million pixels.
MAX_PIXELS = 80_000_000
MAX_FRAMES = 500
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp")


def read_image(path: Path, data: bytes) -> RawDocument:
    with warnings.catch_warnings():  # Pillow warns about damaged metadata: not a line for the user
        warnings.simplefilter("ignore")
        return _read_image(path, data)


def _read_image(path: Path, data: bytes) -> RawDocument:
    try:
        image = Image.open(io.BytesIO(data))
        image.verify()
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        # Pillow refuses to open an image declaring more than twice its own pixel limit.
        raise DocumentReadError(path, REASON_DECLARED_TOO_LARGE) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise DocumentReadError(path, REASON_TOO_LARGE.format(pixels=width * height / 10_000,
                                                              limit=MAX_PIXELS / 10_000))
    try:
        frames = getattr(image, "n_frames", 1)  # a TIFF counts its pages by walking their chain
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    if frames > MAX_FRAMES:
        raise DocumentReadError(path, REASON_TOO_MANY.format(pages=frames, limit=MAX_FRAMES))
    if not ocr.ocr_available():
        raise DocumentReadError(path, ocr.REASON_NOT_INSTALLED)
    try:
        pages = ocr.recognise_pages([_frame_loader(image, i) for i in range(frames)])
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentReadError(path, REASON_CORRUPT) from exc
    except Image.DecompressionBombError as exc:
        raise DocumentReadError(path, REASON_DECLARED_TOO_LARGE) from exc
    return ocr.recognised_document(path.name, "image", [page.items for page in pages],
                               [line for page in pages for line in page.lines])


def _frame_loader(image, index: int):
    def load():
        frame = ImageSequence.Iterator(image)[index] if index else image
        if frame.size[0] * frame.size[1] > MAX_PIXELS:
            raise ValueError("frame too large")
        return frame.copy()
    return load
