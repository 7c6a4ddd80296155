"""Uploaded images are checked by opening them and stored as clean PNG."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from portal.images import MAX_BYTES, clean_image


def _upload(data: bytes, name="logo.png"):
    return SimpleUploadedFile(name, data, content_type="image/png")


def _image(image_format, size=(120, 60), mode="RGB", **save):
    buffer = io.BytesIO()
    Image.new(mode, size, (20, 120, 90) if mode == "RGB" else (20, 120, 90, 128)).save(
        buffer, format=image_format, **save
    )
    return buffer.getvalue()


def _opened(content_file):
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_png_jpeg_and_webp_are_re_encoded_as_png(image_format):
    clean = clean_image(_upload(_image(image_format), name="logo.bin"))
    image = _opened(clean)
    assert image.format == "PNG" and image.size == (120, 60) and clean.name == "logo.png"


def test_transparency_is_kept():
    image = _opened(clean_image(_upload(_image("PNG", mode="RGBA"))))
    assert image.mode == "RGBA" and image.getpixel((0, 0))[3] == 128


def test_metadata_is_stripped():
    exif = Image.Exif()
    exif[0x010E] = "GPS 44.73 N 1.68 E, appareil de Jeanne"  # ImageDescription
    data = _image("JPEG", exif=exif.tobytes())
    assert b"appareil de Jeanne" in data
    clean = clean_image(_upload(data, name="photo.jpg")).read()
    assert b"appareil de Jeanne" not in clean
    assert not Image.open(io.BytesIO(clean)).getexif()


@pytest.mark.parametrize(
    "data, message",
    [
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "n'est pas une image PNG, JPEG"),
        (b"%PDF-1.7 not a picture", "n'est pas une image PNG, JPEG"),
        (_image("GIF"), "n'est pas une image PNG, JPEG"),
        (_image("PNG")[:60], "n'est pas une image PNG, JPEG"),  # truncated
        (b"", "Le fichier est vide."),
    ],
)
def test_what_is_not_an_accepted_image_is_refused_in_french(data, message):
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(data))
    assert message in error.value.messages[0]


def test_more_than_one_megabyte_is_refused():
    with pytest.raises(ValidationError, match="dépasse 1 Mo"):
        clean_image(_upload(b"\x89PNG" + b"0" * MAX_BYTES))


def test_more_than_2000_pixels_a_side_is_refused_before_decoding():
    data = _image("PNG", size=(2400, 10), mode="RGB", optimize=True)
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(data))
    assert error.value.messages == ["L'image mesure 2400 × 10 pixels : 2000 × 2000 au plus."]
