"""What scripts/verify-barcodes.py and scripts/verify-preview.py share: the third-party renderer (zplkit) and the
two decoders (zxing-cpp, zbarimg), each wrapped to give the same shape of answer."""

import base64
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from importlib.metadata import version

import zplkit
import zxingcpp
from PIL import Image

GS = "\x1d"

# Commands that set up the printer or the media and draw nothing, which zplkit refuses as unsupported. They are
# taken out of the stream zplkit renders (and named in the report); any other command zplkit refuses fails the label.
NON_DRAWING = {
    "JA", "JC", "JJ", "JM", "JS", "JT", "JU", "JZ", "KL", "KN", "MD", "MF", "ML", "MM", "MN", "MT", "PF", "PH", "PP",
    "PQ", "PR", "SD", "SZ", "TA", "XB",
}


@dataclass
class Decoded:
    """One symbol a decoder found: its symbology as the decoder names it, the AIM symbology identifier (]C1 for
    GS1-128) and the data as bytes read as Latin-1, FNC1 separators as GS."""

    decoder: str
    symbology: str
    identifier: str
    data: str


def render_zplkit(zpl: bytes, dpi: int, width: int, height: int) -> tuple[list, list[str]]:
    """The labels zplkit renders from `zpl`, and the non-drawing commands taken out first because zplkit refuses
    them. Raises zplkit's error for anything else it refuses."""
    removed: list[str] = []
    options = zplkit.Options(dpi=dpi, width=width, height=height)
    for _ in range(200):
        try:
            return zplkit.render(zpl, options).labels, removed
        except ValueError as error:
            offset = getattr(error, "offset", None)
            element = next((e for e in zplkit._native.parse(zpl).elements if e.offset == offset), None)
            command = bytes(element)[:3].decode("latin-1") if element is not None else ""
            if "unsupported" not in str(error) or command[1:3].upper() not in NON_DRAWING:
                raise
            zpl = zpl[:offset] + zpl[offset + len(bytes(element)):]
            if command not in removed:
                removed.append(command)
    raise RuntimeError("zplkit: too many unsupported commands")


def decode_zxing(image: Image.Image) -> list[Decoded]:
    results = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    return [Decoded("zxing-cpp", f"{result.format}", result.symbology_identifier, result.bytes.decode("latin-1"))
            for result in results]


# zbarimg reports no AIM identifier; these follow from its symbology and its GS1 modifier (FNC1 in first position).
ZBAR_IDENTIFIERS = {"CODE-128": ("]C0", "]C1"), "QR-Code": ("]Q1", "]Q3"), "EAN-13": ("]E0", "]E0"),
                    "UPC-A": ("]E0", "]E0"), "EAN-8": ("]E4", "]E4"), "CODE-39": ("]A0", "]A0"),
                    "I2/5": ("]I0", "]I0")}


def decode_zbar(png) -> list[Decoded]:
    run = subprocess.run(["zbarimg", "--quiet", "--xml", str(png)], capture_output=True, text=True)
    if run.returncode not in (0, 4):  # 4: no symbol found
        raise RuntimeError(f"zbarimg exited {run.returncode}: {run.stderr.strip()}")
    namespace = {"z": "http://zbar.sourceforge.net/2008/barcode"}
    symbols = []
    for symbol in ElementTree.fromstring(run.stdout).iterfind(".//z:symbol", namespace):
        data = symbol.find("z:data", namespace)
        text = data.text.strip() if data is not None and data.text else ""
        if data is not None and data.get("format") == "base64":
            text = base64.b64decode(text).decode("latin-1")
        kind = symbol.get("type", "")
        gs1 = "GS1" in symbol.get("modifiers", "").split(",")
        identifier = ZBAR_IDENTIFIERS.get(kind, ("", ""))[1 if gs1 else 0]
        symbols.append(Decoded("zbarimg", kind, identifier, text))
    return symbols


def zbar_version() -> str:
    if shutil.which("zbarimg") is None:
        return ""
    return subprocess.run(["zbarimg", "--version"], capture_output=True, text=True).stdout.strip()


def tool_versions() -> str:
    return (f"zplkit {version('zplkit')}, zxing-cpp {version('zxing-cpp')}, biip {version('biip')}, "
            f"zbarimg {zbar_version() or '-'}")
