"""Images people upload (a partner's logo): checked by opening them, never by their name, and
stored re-encoded as PNG.

``clean_image(upload)`` reads at most ``MAX_BYTES``, asks Pillow what the file really is
(PNG, JPEG or WebP only), verifies it, refuses pictures over ``MAX_SIDE`` pixels a side
(before decoding them: a small file may claim a huge picture), then decodes it and writes a
fresh PNG: metadata (EXIF, GPS position, comments) and anything hidden after the image stay
behind. Every refusal is a ``ValidationError`` in French, for the form to show.
"""

import io

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

MAX_BYTES = 1024 * 1024
MAX_SIDE = 2000
ACCEPTED_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "WEBP": "WebP"}


def _read_limited(upload) -> bytes:
    if getattr(upload, "size", None) is not None and upload.size > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 1 Mo : réduisez-la avant de l'envoyer."))
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 1 Mo : réduisez-la avant de l'envoyer."))
    if not data:
        raise ValidationError(_("Le fichier est vide."))
    return data


def _not_an_image():
    return ValidationError(
        _("Ce fichier n'est pas une image PNG, JPEG ou WebP lisible."), code="invalid_image"
    )


def clean_image(upload, *, name: str = "logo.png") -> ContentFile:
    """The upload re-encoded as a PNG ``ContentFile`` named ``name``, or ``ValidationError``."""
    data = _read_limited(upload)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ACCEPTED_FORMATS:
                raise _not_an_image()
            if width > MAX_SIDE or height > MAX_SIDE:
                raise ValidationError(
                    _("L'image mesure %(width)d × %(height)d pixels : %(max)d × %(max)d au plus.")
                    % {"width": width, "height": height, "max": MAX_SIDE}
                )
            probe.verify()
        # verify() leaves the image unusable: decode a fresh copy.
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
            clean = image.convert("RGBA" if has_alpha else "RGB")
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _not_an_image() from None
    buffer = io.BytesIO()
    # A new image object carries no ``info``: nothing of the original's metadata is written.
    Image.frombytes(clean.mode, clean.size, clean.tobytes()).save(
        buffer, format="PNG", optimize=True
    )
    return ContentFile(buffer.getvalue(), name=name)
