"""`python -m addin.classic.build`: write customUI14.xml and gestadmin.bas, then build gestadmin.xlam.

Base: xlwings' own BSD quickstart add-in (`xlwings/quickstart_addin_ribbon.xlam`, shipped in the wheel). Its
ribbon part is replaced by our customUI14.xml (Office 2010+ schema) with our icons; its VBA project is kept
as is (binary): the dispatcher gestadmin.bas must be imported once into it in the VBA editor (see README),
because vbaProject.bin cannot be edited without Excel.
"""

from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

import xlwings

from addin.icons import icon_path
from addin.ribbon_render import classic_bas, classic_xml, ribbon_icons

CLASSIC_DIR = Path(__file__).resolve().parent
BASE_XLAM = Path(xlwings.__file__).parent / "quickstart_addin_ribbon.xlam"
UI14_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
UI_REL_2006 = "http://schemas.microsoft.com/office/2006/relationships/ui/extensibility"
IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
PNG_DEFAULT = '<Default Extension="png" ContentType="image/png" />'


def write_sources(folder: Path = CLASSIC_DIR) -> tuple[Path, Path]:
    """customUI14.xml and gestadmin.bas from the ribbon definition (CRLF for the .bas, as VBA expects)."""
    xml_path, bas_path = folder / "customUI14.xml", folder / "gestadmin.bas"
    xml_path.write_text(classic_xml(), encoding="utf-8")
    bas_path.write_bytes(classic_bas().replace("\n", "\r\n").encode("cp1252"))
    return xml_path, bas_path


def _package_rels(text: str) -> str:
    """Drop the base ribbon relationships, add ours (customUI14)."""
    kinds = f"{re.escape(UI14_REL)}|{re.escape(UI_REL_2006)}"
    text = re.sub(rf'<Relationship [^>]*Type="(?:{kinds})"[^>]*/>', "", text)
    ours = f'<Relationship Id="gestadminUI" Type="{UI14_REL}" Target="customUI/customUI14.xml" />'
    return text.replace("</Relationships>", ours + "</Relationships>")


def _image_rels(icons: list[str]) -> str:
    rels = "".join(f'<Relationship Id="{name}" Type="{IMAGE_REL}" Target="images/{name}.png" />' for name in icons)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>')


def build_xlam(target: Path, base: Path = BASE_XLAM) -> Path:
    """Copy `base` into `target`, ribbon replaced by ours, icons embedded (32 px)."""
    icons = ribbon_icons()
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename.startswith("customUI/"):
                continue
            data = source.read(info.filename)
            if info.filename == "_rels/.rels":
                data = _package_rels(data.decode("utf-8")).encode("utf-8")
            elif info.filename == "[Content_Types].xml" and b'Extension="png"' not in data:
                data = data.replace(b"<Override", PNG_DEFAULT.encode() + b"<Override", 1)
            out.writestr(info, data)
        out.writestr("customUI/customUI14.xml", classic_xml())
        out.writestr("customUI/_rels/customUI14.xml.rels", _image_rels(icons))
        for name in icons:
            out.write(icon_path(name, 32), f"customUI/images/{name}.png")
    return target


def main(argv: list[str]) -> int:
    """Write the sources and build `gestadmin.xlam` (or the path given)."""
    xml_path, bas_path = write_sources()
    target = Path(argv[0]) if argv else CLASSIC_DIR / "gestadmin.xlam"
    build_xlam(target)
    print(f"Ruban : {xml_path}\nVBA : {bas_path}\nComplément : {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
