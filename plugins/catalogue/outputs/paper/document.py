"""An A4 page set up the same way for every paper output: the fonts in the repository, fixed metadata,
French text the font can print, QR codes drawn from segno's matrix and the categories' pictograms.

fpdf2 (pure Python) rather than WeasyPrint, which needs Pango from the system: `make site` installs
everything it needs from the lock files alone (README, « Imprimer »).
"""

from __future__ import annotations

import io
import re
import unicodedata
from datetime import date, datetime, time
from functools import lru_cache
from pathlib import Path

import segno
from PIL import Image
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.drawing import Transform
from fpdf.svg import SVGObject
from unidecode import unidecode

from ...content.sessions import PARIS

HERE = Path(__file__).parent
FONTS = {"": HERE / "fonts" / "DejaVuSans-latin.ttf", "B": HERE / "fonts" / "DejaVuSans-Bold-latin.ttf"}
PICTOGRAMS = HERE / "pictograms"
FAMILY = "DejaVu"
MARGIN = 15  # mm
QR_PARAMS = {"error": "m", "micro": False, "mask": 3}  # a fixed mask: the same code whatever segno would score
QR_BORDER = 4  # modules of white around a code, as the standard asks
QR_PIXELS = 8  # per module: viewers that smooth images blur a one-pixel module
_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break spaces of French typography
BLACK, GREY, LIGHT = (0, 0, 0), (70, 70, 70), (232, 232, 232)


@lru_cache(maxsize=1)
def printable_characters() -> frozenset[str]:
    """The characters both fonts draw (the fonts are subsets: README of fonts/)."""
    sets = []
    for path in FONTS.values():
        with TTFont(path, lazy=True) as font:
            sets.append({chr(code) for code in font.getBestCmap()})
    return frozenset(set.intersection(*sets))


def printable(text: str) -> str:
    """The text with every character the font lacks spelt in Latin letters (unidecode), else « ? »."""
    known = printable_characters()
    text = unicodedata.normalize("NFC", text)
    if all(c in known for c in text):
        return text
    out = []
    for c in text:
        if c in known:
            out.append(c)
        elif c in "\n\t":
            out.append(" ")
        else:
            spelt = "".join(x for x in unidecode(c) if x in known)
            out.append(spelt or "?")
    return "".join(out)


class Document(FPDF):
    """An A4 portrait document in millimetres with the repository's fonts and no clock time in it.

    fpdf2 always writes a /CreationDate: it is the build day (SOURCE_DATE_EPOCH, else the clock's day)
    at midnight in Paris, the day the document's dates are counted from, so that two builds of the
    same content on the same day give the same bytes.
    """

    def __init__(self, title: str, author: str, day: date, footer: str = "", footer_size: float = 10):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_creation_date(datetime.combine(day, time(), tzinfo=PARIS))
        self.set_title(printable(title))
        self.set_author(printable(author))
        self.set_creator(printable(author))
        self.set_lang("fr-FR")
        self.set_display_mode("fullpage")
        for style, path in FONTS.items():
            self.add_font(FAMILY, style, str(path))
        for font in self.fonts.values():
            # The glyphs are embedded as they are: recomputing their boxes took a third of a sheet's time.
            font.ttfont.recalcBBoxes = False
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(True, margin=MARGIN + 6)
        self.footer_text = printable(footer)
        self.footer_size = footer_size
        self.set_text_color(*BLACK)

    def footer(self) -> None:
        self.set_y(-MARGIN - 2)
        self.set_font(FAMILY, "", self.footer_size)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.footer_text, align="L")
        self.set_x(MARGIN)
        self.cell(0, 5, f"page {self.page_no()} sur {{nb}}", align="R")
        self.set_text_color(*BLACK)

    def wrap(self, text: str, size: float, style: str = "", width: float = 0) -> list[str]:
        """The lines of a left-aligned paragraph `width` mm wide (0: to the right margin), cut between words,
        a word longer than a line cut where it must. fpdf2's multi_cell() does the same ten times slower."""
        self.set_font(FAMILY, style, size)
        width = width or self.w - self.r_margin - self.x
        space = self.get_string_width(" ")
        lines: list[str] = []
        current, used = "", 0.0
        for word in _SPACES.split(printable(text).strip()):
            word_width = self.get_string_width(word)
            while word_width > width:  # a word longer than a line (an address): cut it
                cut = len(word)
                while cut > 1 and self.get_string_width(word[:cut]) > width:
                    cut -= 1
                if current:
                    lines.append(current)
                    current, used = "", 0.0
                lines.append(word[:cut])
                word = word[cut:]
                word_width = self.get_string_width(word)
            if current and used + space + word_width <= width:
                current, used = f"{current} {word}", used + space + word_width
            else:
                if current:
                    lines.append(current)
                current, used = word, word_width
        if current:
            lines.append(current)
        return lines

    def write_lines(self, text: str, size: float, style: str = "", height: float | None = None,
                    width: float = 0, x: float | None = None) -> None:
        """A paragraph from `x` (the left margin), wrapped at word boundaries; the cursor goes below it."""
        left = self.l_margin if x is None else x
        self.set_x(left)
        height = height or size * 0.48
        for line in self.wrap(text, size, style, width or self.w - self.r_margin - left):
            self.set_x(left)
            self.cell(0, height, line, new_x="LMARGIN", new_y="NEXT")
        self.set_x(self.l_margin)

    def height_of(self, text: str, size: float, style: str = "", width: float = 0, height: float | None = None) -> float:
        """How tall write_lines() would make the paragraph, without drawing it."""
        return len(self.wrap(text, size, style, width)) * (height or size * 0.48)

    def room_for(self, height: float) -> None:
        """A new page unless `height` mm still fit above the bottom margin."""
        if self.get_y() + height > self.page_break_trigger:
            self.add_page()

    def wrap_address(self, address: str, size: float, width: float, style: str = "") -> list[str]:
        """An address cut after « / », else after « - » or « . », so that each line fits `width` mm."""
        self.set_font(FAMILY, style, size)
        pieces = [p for p in re.split(r"(?<=[/])", address) if p]
        lines: list[str] = []
        for piece in pieces:
            if lines and self.get_string_width(lines[-1] + piece) <= width:
                lines[-1] += piece
                continue
            for part in [q for q in re.split(r"(?<=[-.])", piece) if q] if self.get_string_width(piece) > width else [piece]:
                if lines and not lines[-1].endswith("/") and self.get_string_width(lines[-1] + part) <= width:
                    lines[-1] += part
                else:
                    lines.append(part)
        return lines

    def band(self, text: str, size: float) -> None:
        """A heading on a light grey band across the page (days of the programme, parts of a sheet)."""
        self.set_font(FAMILY, "B", size)
        self.set_fill_color(*LIGHT)
        self.cell(0, size * 0.6, printable(text), fill=True, new_x="LMARGIN", new_y="NEXT")

    def qr_code(self, url: str, x: float, y: float, size: float) -> None:
        """A QR code holding `url`, `size` mm wide with its white border: a one-bit image, a square of pixels a module,
        sharp at any print resolution, linked to `url`."""
        self.image(io.BytesIO(_qr_png(url)), x, y, size, size, link=url)

    def pictogram(self, category: str, x: float, y: float, size: float) -> None:
        """The category's pictogram (pictograms/<category>.svg, else autre.svg), `size` mm square."""
        _, _, path = _pictogram(category).transform_to_rect_viewport(scale=1, width=size, height=size,
                                                                    ignore_svg_top_attrs=True)
        path.transform = path.transform @ Transform.translation(x, y)
        self.draw_path(path, copy=False)  # drawn at once: the shared drawing is moved again only after

    def to_bytes(self) -> bytes:
        return bytes(self.output())


@lru_cache(maxsize=1024)
def _qr_png(url: str) -> bytes:
    """Made once per address and process: an activity's code is drawn on its sheet (once per layout tried) and on
    its territory's programme. Pillow scales and packs the pixels; segno's own PNG writer took a sixth of a build."""
    rows = [bytes(row) for row in segno.make(url, **QR_PARAMS).matrix_iter(scale=1, border=QR_BORDER)]
    side = len(rows)
    image = Image.frombytes("L", (side, side), b"".join(rows)).point(lambda dark: 0 if dark else 255).convert("1")
    buffer = io.BytesIO()
    image.resize((side * QR_PIXELS, side * QR_PIXELS), Image.Resampling.NEAREST).save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


@lru_cache(maxsize=64)
def _pictogram(category: str) -> SVGObject:
    """Parsed once per process: the drawings are the repository's own files, not partner content."""
    path = PICTOGRAMS / f"{category}.svg"
    return SVGObject.from_file(path if path.is_file() else PICTOGRAMS / "autre.svg")


def has_own_pictogram(category: str) -> bool:
    return (PICTOGRAMS / f"{category}.svg").is_file()
