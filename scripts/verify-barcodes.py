#!/usr/bin/env python3
"""Render GS1-128 labels written in ZPL, decode their barcodes and compare every AI with what was expected.

Usage: verify-barcodes.py DIR [--decoders zxing,zbar]

DIR holds NAME.zpl files, each with a NAME.json sidecar:

    {"elements": [{"ai": "01", "value": "09501101530003"}, ...],   # in encoding order
     "data": "0109501101530003...",       # element string as a scanner sends it after ]C1, FNC1 separators as GS
     "humanReadable": "(01)...(10)...",
     "labelWidth": 1800, "labelHeight": 400, "dpi": 300,           # dots, for the renderer
     "x": 60, "y": 60, "height": 200, "moduleWidth": 3,            # where the symbol is
     "modules": 244}                                               # optional: expected symbol width in modules

Each label is rendered to NAME.png by zplkit (a ZPL renderer), decoded by zxing-cpp and by zbarimg, and each
decoded string is parsed by biip (a GS1 parser). A label passes when every decoder finds exactly one Code 128
symbol with FNC1 in first position (symbology identifier ]C1), its data equals "data", biip parses it without
error into exactly the expected AIs and values, and the printed symbol is "modules" modules wide.
Prints one line per label and closes with "N passed, N failed"; exits 1 when any label fails or none is found.
"""

import argparse
import base64
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from importlib.metadata import version
from pathlib import Path

import biip
import zplkit
import zxingcpp
from PIL import Image

GS = "\x1d"


def render(zpl: bytes, spec: dict):
    options = zplkit.Options(dpi=spec.get("dpi", 300), width=spec["labelWidth"], height=spec["labelHeight"])
    document = zplkit.render(zpl, options)
    if len(document.labels) != 1:
        raise ValueError(f"rendered {len(document.labels)} labels, expected 1")
    return document.labels[0]


def measured_modules(scene, spec: dict) -> float:
    """Width of the dark run across the middle row of the symbol, in modules."""
    raster = scene.rasterize()
    row = spec["y"] + spec["height"] // 2
    pixels = raster.pixels[row * raster.width:(row + 1) * raster.width]
    dark = [index for index, value in enumerate(pixels) if value < 128]
    if not dark:
        return 0
    return (dark[-1] - dark[0] + 1) / spec["moduleWidth"]


def decode_zxing(image: Image.Image) -> list[tuple[str, str, str]]:
    results = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    return [(f"{result.format}", result.symbology_identifier, result.bytes.decode("latin-1")) for result in results]


def decode_zbar(png: Path) -> list[tuple[str, str, str]]:
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
        modifiers = symbol.get("modifiers", "").split(",")
        # zbar marks FNC1 in first position with the GS1 modifier; ]C1 is the identifier that implies.
        identifier = "]C1" if "GS1" in modifiers else "]C0"
        symbols.append((symbol.get("type"), identifier, text))
    return symbols


def check_decoded(decoder: str, symbols: list, spec: dict) -> list[str]:
    if len(symbols) != 1:
        return [f"{decoder}: found {len(symbols)} symbols, expected 1"]
    kind, identifier, data = symbols[0]
    problems = []
    if kind.replace(" ", "").replace("-", "").upper() != "CODE128":
        problems.append(f"{decoder}: symbology {kind}, expected Code 128")
    if identifier != "]C1":
        problems.append(f"{decoder}: symbology identifier {identifier}, expected ]C1 (FNC1 first)")
    if data != spec["data"]:
        problems.append(f"{decoder}: data {data!r}, expected {spec['data']!r}")
    parsed = biip.parse("]C1" + data)
    message = parsed.gs1_message
    if message is None:
        return problems + [f"{decoder}: biip could not parse {data!r}: {parsed.gs1_message_error}"]
    found = [{"ai": element.ai.ai, "value": element.value} for element in message.element_strings]
    if found != spec["elements"]:
        problems.append(f"{decoder}: AIs {found}, expected {spec['elements']}")
    for element in message.element_strings:
        for error in ("gtin_error", "sscc_error", "gln_error"):
            if getattr(element, error, None):
                problems.append(f"{decoder}: AI {element.ai.ai}: {getattr(element, error)}")
        if element.ai.ai[:2] in ("11", "13", "15", "17") and element.date is None:
            problems.append(f"{decoder}: AI {element.ai.ai}: {element.value} is not a date to biip")
    if message.as_hri() != spec["humanReadable"]:
        problems.append(f"{decoder}: human-readable {message.as_hri()!r}, expected {spec['humanReadable']!r}")
    return problems


def verify(zpl_path: Path, decoders: list[str]) -> list[str]:
    spec = json.loads(zpl_path.with_suffix(".json").read_text(encoding="utf-8"))
    scene = render(zpl_path.read_bytes(), spec)
    png = zpl_path.with_suffix(".png")
    png.write_bytes(scene.png())
    problems = []
    if "modules" in spec:
        modules = measured_modules(scene, spec)
        if modules != spec["modules"]:
            problems.append(f"zplkit: symbol is {modules} modules wide, expected {spec['modules']}")
    image = Image.open(png).convert("L")
    if "zxing" in decoders:
        problems += check_decoded("zxing-cpp", decode_zxing(image), spec)
    if "zbar" in decoders:
        problems += check_decoded("zbarimg", decode_zbar(png), spec)
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--decoders", default="zxing,zbar", help="comma-separated: zxing, zbar (default both)")
    arguments = parser.parse_args()
    decoders = [name.strip() for name in arguments.decoders.split(",") if name.strip()]
    if "zbar" in decoders and shutil.which("zbarimg") is None:
        print("zbarimg not found: run scripts/install-verify-tools.sh, or pass --decoders zxing", file=sys.stderr)
        return 2
    zbar = ""
    if "zbar" in decoders:
        zbar = subprocess.run(["zbarimg", "--version"], capture_output=True, text=True).stdout.strip()
    print(f"zplkit {version('zplkit')}, zxing-cpp {version('zxing-cpp')}, biip {version('biip')}, "
          f"zbarimg {zbar or '-'}; decoders: {', '.join(decoders)}")
    passed = failed = 0
    for zpl_path in sorted(arguments.directory.glob("*.zpl")):
        try:
            problems = verify(zpl_path, decoders)
        except Exception as error:  # a label that cannot be rendered or read fails; the others still run
            problems = [f"{type(error).__name__}: {error}"]
        if problems:
            failed += 1
            print(f"FAIL {zpl_path.name}")
            for problem in problems:
                print(f"    {problem}")
        else:
            passed += 1
            print(f"ok   {zpl_path.name}")
    print(f"{passed} passed, {failed} failed")
    return 0 if passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
