"""Our own ribbon and add-in icons, drawn with Pillow (`python -m addin.icons` rewrites the PNG files).

Each icon is a coloured rounded square with a white glyph, drawn at 4x and downsampled (anti-aliasing),
in the sizes Office asks for (16, 32, 80 px). To add one: add an entry to ICONS with a glyph function.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw

ICON_DIR = Path(__file__).resolve().parent / "static" / "images" / "ribbon"
SIZES = (16, 32, 64, 80)
SCALE = 4
WHITE = (255, 255, 255, 255)
Glyph = Callable[[ImageDraw.ImageDraw, int], None]


def _check(draw: ImageDraw.ImageDraw, s: int) -> None:
    draw.line([(0.24 * s, 0.52 * s), (0.43 * s, 0.71 * s), (0.77 * s, 0.31 * s)], fill=WHITE, width=int(0.12 * s),
              joint="curve")


def _plus(draw: ImageDraw.ImageDraw, s: int) -> None:
    w = int(0.13 * s)
    draw.line([(0.5 * s, 0.22 * s), (0.5 * s, 0.78 * s)], fill=WHITE, width=w)
    draw.line([(0.22 * s, 0.5 * s), (0.78 * s, 0.5 * s)], fill=WHITE, width=w)


def _document(draw: ImageDraw.ImageDraw, s: int) -> None:
    draw.rectangle([0.28 * s, 0.18 * s, 0.72 * s, 0.82 * s], outline=WHITE, width=int(0.07 * s))
    for y in (0.38, 0.52, 0.66):
        draw.line([(0.37 * s, y * s), (0.63 * s, y * s)], fill=WHITE, width=int(0.05 * s))


def _back_arrow(draw: ImageDraw.ImageDraw, s: int) -> None:
    draw.arc([0.3 * s, 0.28 * s, 0.78 * s, 0.76 * s], start=-90, end=90, fill=WHITE, width=int(0.1 * s))
    draw.line([(0.54 * s, 0.76 * s), (0.3 * s, 0.76 * s)], fill=WHITE, width=int(0.1 * s))
    draw.polygon([(0.18 * s, 0.33 * s), (0.42 * s, 0.16 * s), (0.42 * s, 0.46 * s)], fill=WHITE)


def _grid(draw: ImageDraw.ImageDraw, s: int) -> None:
    draw.rectangle([0.2 * s, 0.22 * s, 0.8 * s, 0.78 * s], outline=WHITE, width=int(0.07 * s))
    for x in (0.4, 0.6):
        draw.line([(x * s, 0.22 * s), (x * s, 0.78 * s)], fill=WHITE, width=int(0.04 * s))
    for y in (0.41, 0.6):
        draw.line([(0.2 * s, y * s), (0.8 * s, y * s)], fill=WHITE, width=int(0.04 * s))


ICONS: dict[str, tuple[tuple[int, int, int], Glyph]] = {
    "app": ((0, 82, 147), _grid),
    "valider": ((24, 128, 56), _check),
    "nouveau": ((21, 101, 192), _plus),
    "emettre": ((214, 108, 0), _document),
    "avoir": ((123, 31, 162), _back_arrow),
}


def draw_icon(name: str, size: int) -> Image.Image:
    """One icon at one size."""
    colour, glyph = ICONS[name]
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle([0, 0, big - 1, big - 1], radius=int(big * 0.18), fill=(*colour, 255))
    glyph(draw, big)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def icon_path(name: str, size: int) -> Path:
    """Where an icon is served from (under /static/images/ribbon/)."""
    return ICON_DIR / f"{name}-{size}.png"


def write_icons() -> list[Path]:
    """(Re)write every icon file; returns the paths."""
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ICONS:
        for size in SIZES:
            draw_icon(name, size).save(icon_path(name, size), optimize=True)
            written.append(icon_path(name, size))
    draw_icon("app", 32).save(ICON_DIR.parent / "favicon.png")
    return written


if __name__ == "__main__":
    for path in write_icons():
        print(path)
