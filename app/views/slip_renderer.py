"""Draws temporary-credential slips with QPainter: to a PDF file, or to a printer via preview.

One slip per US Letter page. The words come from :func:`app.services.slips.slip_blocks`; this
module only decides how they look. What matters on paper, in order: the student can find and copy
the CCCID and the password without error (large, monospace, password in groups of four), knows
the deadline, and knows what to do next. Everything is drawn in points converted to the device's
resolution, so a 300 dpi PDF and a 600 dpi printer produce the same layout.

A PDF written here holds temporary passwords in plain text: callers save it only where the
staff member chose, for printing, and say so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextOption,
)
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QDialog, QWidget

from app.services.slips import BlockKind, SlipBlock, SlipContent, slip_blocks

PDF_RESOLUTION = 300  # dpi: sharp on paper, small files
MARGIN_INCHES = 0.6  # inside every office printer's unprintable border

# First installed family wins. Windows, macOS, then the Linux families (DejaVu is what a bare
# Linux and Qt's offscreen platform have); if none is installed, Qt's own general/fixed font.
SANS_FAMILIES = (
    "Segoe UI",
    "Helvetica Neue",
    "Arial",
    "Liberation Sans",
    "Noto Sans",
    "DejaVu Sans",
)
MONO_FAMILIES = (
    "Consolas",
    "Menlo",
    "DejaVu Sans Mono",
    "Liberation Mono",
    "Noto Sans Mono",
    "Courier New",
)

INK = QColor(0, 0, 0)
MUTED = QColor(70, 70, 70)  # dark enough to survive a worn toner cartridge
BOX_FILL = QColor(242, 242, 242)
RULE = QColor(150, 150, 150)


def slip_page_layout() -> QPageLayout:
    """US Letter, portrait, with margins every printer can print inside."""
    margin = MARGIN_INCHES
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.Letter),
        QPageLayout.Orientation.Portrait,
        QMarginsF(margin, margin, margin, margin),
        QPageLayout.Unit.Inch,
    )


def _pick_family(preferred: Sequence[str], fallback: QFontDatabase.SystemFont) -> str:
    installed = set(QFontDatabase.families())
    for family in preferred:
        if family in installed:
            return family
    return QFontDatabase.systemFont(fallback).family()


@dataclass(frozen=True)
class _Fonts:
    sans: str
    mono: str

    @classmethod
    def installed(cls) -> _Fonts:
        return cls(
            sans=_pick_family(SANS_FAMILIES, QFontDatabase.SystemFont.GeneralFont),
            mono=_pick_family(MONO_FAMILIES, QFontDatabase.SystemFont.FixedFont),
        )

    def make(self, size: float, *, bold: bool = False, mono: bool = False) -> QFont:
        font = QFont(self.mono if mono else self.sans)
        if mono:
            # The fallback must stay fixed-pitch even when the family name is a generic alias.
            font.setStyleHint(QFont.StyleHint.TypeWriter)
            font.setFixedPitch(True)
        font.setPointSizeF(size)
        font.setBold(bold)
        return font


class _PageWriter:
    """Draws one slip's blocks down a page, keeping track of the vertical position."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice, fonts: _Fonts) -> None:
        self.painter = painter
        self.fonts = fonts
        self.px_per_pt = device.logicalDpiY() / 72.0
        # The painter's origin is the top-left of the printable area (inside the margins).
        self.width = float(device.width())
        self.height = float(device.height())
        self.y = 0.0

    def pt(self, points: float) -> float:
        return points * self.px_per_pt

    def _option(self, align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> QTextOption:
        option = QTextOption(align)
        # Words wrap at spaces; a long URL with none may still break, rather than run off the page.
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        return option

    def text_height(self, text: str, font: QFont, width: float) -> float:
        self.painter.setFont(font)
        bounds = self.painter.boundingRect(QRectF(0, 0, width, 1e6), text, self._option())
        return bounds.height()

    def text(
        self,
        text: str,
        font: QFont,
        *,
        x: float = 0.0,
        width: float | None = None,
        color: QColor = INK,
        after: float = 0.0,
    ) -> float:
        """Draw wrapped text at the current position; move down; return its height."""
        available = (self.width - x) if width is None else width
        height = self.text_height(text, font, available)
        self.painter.setPen(color)
        self.painter.setFont(font)
        self.painter.drawText(QRectF(x, self.y, available, height), text, self._option())
        self.y += height + self.pt(after)
        return height

    def rule(self, after: float) -> None:
        self.painter.setPen(QPen(RULE, self.pt(0.75)))
        self.painter.drawLine(QPointF(0, self.y), QPointF(self.width, self.y))
        self.y += self.pt(after)

    def boxed_value(self, label: str, value: str, size: float, *, thick: bool) -> None:
        """A captioned box holding a value to copy by hand (the CCCID, the password)."""
        pad = self.pt(10)
        label_font = self.fonts.make(10.5, bold=True)
        value_font = self.fonts.make(size, bold=True, mono=True)
        inner = self.width - 2 * pad
        label_h = self.text_height(label, label_font, inner)
        value_h = self.text_height(value, value_font, inner)
        box = QRectF(0, self.y, self.width, pad + label_h + self.pt(2) + value_h + pad)
        self.painter.setPen(QPen(INK, self.pt(2.0 if thick else 1.0)))
        self.painter.setBrush(BOX_FILL)
        self.painter.drawRoundedRect(box, self.pt(6), self.pt(6))
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.y += pad
        self.text(label.upper(), label_font, x=pad, width=inner, color=MUTED, after=2)
        self.text(value, value_font, x=pad, width=inner)
        self.y = box.bottom() + self.pt(6)

    def notice(self, text: str, size: float, *, bold: bool, fill: QColor | None) -> None:
        """Text in a bordered box (the reprint warning, the privacy note)."""
        pad = self.pt(8)
        font = self.fonts.make(size, bold=bold)
        inner = self.width - 2 * pad
        box = QRectF(0, self.y, self.width, self.text_height(text, font, inner) + 2 * pad)
        self.painter.setPen(QPen(INK, self.pt(1.25)))
        self.painter.setBrush(fill if fill is not None else Qt.BrushStyle.NoBrush)
        self.painter.drawRect(box)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        self.y += pad
        self.text(text, font, x=pad, width=inner)
        self.y = box.bottom()

    def step(self, number: int, text: str, detail: str | None) -> None:
        """A numbered step with a hanging indent, so the numbers line up in a column.

        ``detail`` (the website, at the end of ``text``) goes on a line of its own in bold
        monospace: it is typed character by character, like the password.
        """
        indent = self.pt(26)
        self.painter.setPen(INK)
        self.painter.setFont(self.fonts.make(12, bold=True))
        self.painter.drawText(QRectF(0, self.y, indent, self.pt(20)), f"{number}.", self._option())
        if detail and text.endswith(detail):
            self.text(text[: -len(detail)].rstrip(), self.fonts.make(12), x=indent, after=2)
            self.text(detail, self.fonts.make(14, bold=True, mono=True), x=indent, after=6)
        else:
            self.text(text, self.fonts.make(12), x=indent, after=6)

    def footer(self, text: str) -> None:
        """Small print pinned to the bottom of the page (below the content if that is longer)."""
        font = self.fonts.make(9)
        height = self.text_height(text, font, self.width)
        self.y = max(self.y + self.pt(12), self.height - height)
        self.painter.setPen(QPen(RULE, self.pt(0.75)))
        self.painter.drawLine(
            QPointF(0, self.y - self.pt(6)), QPointF(self.width, self.y - self.pt(6))
        )
        self.text(text, font, color=MUTED)


def _draw_block(page: _PageWriter, block: SlipBlock) -> None:
    fonts = page.fonts
    kind = block.kind
    if kind is BlockKind.COLLEGE:
        page.text(block.text, fonts.make(11, bold=True), color=MUTED, after=2)
    elif kind is BlockKind.HEADING:
        page.text(block.text, fonts.make(20, bold=True), after=6)
        page.rule(after=10)
    elif kind is BlockKind.STUDENT:
        # Bold: in a stack of slips the counselor finds the right one by the name.
        page.text((block.label or "").upper(), fonts.make(10.5, bold=True), color=MUTED)
        page.text(block.text, fonts.make(16, bold=True), after=12)
    elif kind is BlockKind.CCCID:
        page.boxed_value(block.label or "", block.text, 36, thick=False)
    elif kind is BlockKind.PASSWORD:
        page.boxed_value(block.label or "", block.text, 36, thick=True)
    elif kind is BlockKind.PASSWORD_HINT:
        page.text(block.text, fonts.make(11), color=MUTED, after=12)
    elif kind is BlockKind.EXPIRY:
        page.text(block.text, fonts.make(13, bold=True), after=4)
    elif kind is BlockKind.EXPIRY_NOTE:
        page.text(block.text, fonts.make(11.5), after=4)
    elif kind is BlockKind.REPRINT:
        page.y += page.pt(8)
        page.notice(block.text, 12.5, bold=True, fill=BOX_FILL)
    elif kind is BlockKind.STEPS_TITLE:
        page.y += page.pt(10)
        page.text(block.text, fonts.make(15, bold=True), after=6)
    elif kind is BlockKind.STEP:
        page.step(block.number or 0, block.text, block.detail)
    elif kind is BlockKind.PRIVACY:
        page.y += page.pt(8)
        page.notice(block.text, 11.5, bold=False, fill=None)
        page.y += page.pt(8)
    elif kind is BlockKind.HELP:
        page.text(block.text, fonts.make(11.5))
    elif kind is BlockKind.FOOTER:
        page.footer(block.text)


def render_slips(device: QPagedPaintDevice, contents: Sequence[SlipContent]) -> None:
    """Draw ``contents`` onto ``device`` (a QPdfWriter or QPrinter), one slip per page.

    Needs a QGuiApplication (fonts). The device's page layout is used as it is, so a staff member
    who changed the margins in the print dialog gets what they chose.
    """
    if not contents:
        raise ValueError("There are no slips to print.")
    fonts = _Fonts.installed()
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("Could not start drawing the slips (is the file or printer available?).")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for index, content in enumerate(contents):
            if index and not device.newPage():
                raise OSError("Could not start a new page for the next slip.")
            page = _PageWriter(painter, device, fonts)
            for block in slip_blocks(content):
                _draw_block(page, block)
    finally:
        painter.end()


def save_pdf(contents: Sequence[SlipContent], path: Path | str) -> None:
    """Write ``contents`` to a PDF at ``path``, one slip per US Letter page (batch printing)."""
    writer = QPdfWriter(str(path))
    writer.setResolution(PDF_RESOLUTION)
    writer.setPageLayout(slip_page_layout())
    # Document metadata is readable by anyone who gets the file: nothing about the students.
    writer.setTitle("Temporary account slips")
    writer.setCreator("Account Desk")
    render_slips(writer, contents)


class SlipPreviewDialog(QPrintPreviewDialog):
    """A print preview of slips, from which they are printed (or saved as PDF by the printer)."""

    def __init__(self, parent: QWidget | None, contents: Sequence[SlipContent]) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageLayout(slip_page_layout())
        printer.setDocName("Temporary account slips")
        super().__init__(printer, parent)
        # The dialog does not own its printer: keep it exactly as long as the dialog.
        self._printer = printer
        self._slips = list(contents)  # the dialog repaints whenever a setting changes
        self.setWindowTitle("Print temporary account slips")
        self.paintRequested.connect(self._paint)

    def _paint(self, target: QPrinter) -> None:
        render_slips(target, self._slips)


def printed(result: object) -> bool:
    """Whether a print preview's result says the slips were printed (Qt accepts the dialog when
    it prints; Esc, Close and the window's close button reject it)."""
    return isinstance(result, int) and result == QDialog.DialogCode.Accepted.value


def print_preview(parent: QWidget | None, contents: Sequence[SlipContent]) -> int:
    """Show the print preview (modal); returns the dialog's result code (see :func:`printed`)."""
    dialog = SlipPreviewDialog(parent, contents)
    try:
        return dialog.exec()
    finally:
        dialog.deleteLater()
