"""Draw the application icon: a red rounded square with 党建 in white. No emblem, no artwork.

    python packaging/make_icon.py

writes ``resources/icons/djdesk.png`` (256 px, for the window icon) and ``resources/icons/djdesk.ico``
(16…256 px, for the Windows executable). The ICO container is written here from PNG entries (allowed
since Windows Vista) so that no Qt image plugin and no Pillow is needed. The results are committed;
run this again only to change the design. A CJK font must be installed (Noto Serif CJK SC, 思源宋体,
宋体 or 微软雅黑); the small sizes (16 and 24 px) show 党 alone, which stays legible.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256)
RED = "#c8161d"  # 中国红
FONTS = ("Noto Serif CJK SC", "Source Han Serif SC", "思源宋体", "SimSun", "宋体", "Noto Sans CJK SC",
         "Microsoft YaHei", "微软雅黑")


def draw(size: int) -> bytes:
    """One square icon of ``size`` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, Qt
    from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter, QPen

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    margin = size / 32
    square = QRectF(margin, margin, size - 2 * margin, size - 2 * margin)
    radius = size * 0.16
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(RED))
    painter.drawRoundedRect(square, radius, radius)
    if size >= 48:  # a thin inner frame, like a seal's border; too fine to see below 48 px
        inset = size * 0.09
        pen = QPen(QColor(255, 255, 255, 200))
        pen.setWidthF(max(1.0, size / 64))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        frame = square.adjusted(inset, inset, -inset, -inset)
        painter.drawRoundedRect(frame, radius * 0.55, radius * 0.55)

    families = set(QFontDatabase.families())
    family = next((f for f in FONTS if f in families), "")
    if not family:
        sys.exit("找不到中文字体（如 Noto Serif CJK SC、宋体），无法绘制图标。")
    text = "党建" if size >= 32 else "党"
    font = QFont(family)
    font.setWeight(QFont.Weight.Bold)
    font.setPixelSize(round(size * (0.36 if len(text) == 2 else 0.72)))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(square, Qt.AlignmentFlag.AlignCenter, text)
    painter.end()

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    buffer.close()
    return bytes(data.data())


def ico(images: dict[int, bytes]) -> bytes:
    """An ICO container of PNG entries: ICONDIR, one ICONDIRENTRY per size, then the PNG data."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, blobs = b"", b""
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return header + entries + blobs


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication(sys.argv[:1])  # fonts need an application object
    images = {size: draw(size) for size in SIZES}
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    (ICON_DIR / "djdesk.png").write_bytes(images[256])
    (ICON_DIR / "djdesk.ico").write_bytes(ico(images))
    del app
    print(f"已写入 {ICON_DIR / 'djdesk.png'} 和 {ICON_DIR / 'djdesk.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
