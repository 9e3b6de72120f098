#!/usr/bin/env python3
"""Render GS1-128 labels written in ZPL, decode their barcodes and compare every AI with what was expected.

Usage: verify-barcodes.py DIR [--decoders zxing,zbar]

DIR holds NAME.zpl files, each with a NAME.json sidecar. A label with one symbol:

    {"elements": [{"ai": "01", "value": "09501101530003"}, ...],   # in encoding order
     "data": "0109501101530003...",       # element string as a scanner sends it after ]C1, FNC1 separators as GS
     "humanReadable": "(01)...(10)...",
     "labelWidth": 1800, "labelHeight": 400, "dpi": 300,           # dots, for the renderer
     "x": 60, "y": 60, "height": 200, "moduleWidth": 3,            # where the symbol is
     "modules": 244}                                               # optional: expected symbol width in modules

A label with several symbols lists them, each as above without the label size, and may give the data it was
made from:

    {"labelWidth": 1200, "labelHeight": 1800, "dpi": 300,
     "symbols": [{"data": ..., "elements": [...], "humanReadable": ..., "x": ..., ...}, ...],
     "submitted": {"fields": {"gtin": "96385074", "net_weight_kg": 1.2345, ...},
                   "barcodes": [{"ai": "01", "field": "gtin"}, {"ai": "3103", "field": "net_weight_kg"}, ...]}}

Each label is rendered to NAME.png by zplkit (a ZPL renderer), decoded by zxing-cpp and by zbarimg, and each
decoded string is parsed by biip (a GS1 parser). A label passes when every decoder finds exactly the expected
Code 128 symbols (in any order, matched by their data), each with FNC1 in first position (symbology identifier
]C1), biip parses each without error into exactly its expected AIs and values, and each printed symbol is "modules"
modules wide and ends, with its 10-module quiet zone, inside the label. With "submitted", the AIs of all symbols
together (an AI in several symbols with the same value each time) must also equal the values the fields give by GS1
rules, worked out here: a GTIN of 8, 12 or 13 digits padded to 14 (its check digit verified), a date YYYY-MM-DD as
YYMMDD, a weight for AI 310n/320n rounded half-up to n decimals and written as 6 digits without the point, a count
as its digits, a lot or serial as it is.
2D symbols give "symbology": "datamatrix" (GS1 DataMatrix, identifier ]d2), "qrcode" (GS1 QR Code, ]Q3) or
"digital-link" (a QR code holding a GS1 Digital Link URI, ]Q1, with "data" the URI); "code128" is the default. zbar
reads no Data Matrix, so Data Matrix symbols are decoded by zxing-cpp alone; biip parses a Digital Link URI into its
AIs, which are compared with "elements" in any order (a URI orders them path first, then query).
Prints one line per label and closes with "N passed, N failed"; exits 1 when any label fails or none is found.
"""

import argparse
import json
import shutil
import sys
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import biip
import zplkit
from PIL import Image

import verification

# Per symbology: the decoders' format name (upper case, without spaces and hyphens), the symbology identifier a GS1
# symbol is read with, and the decoders that can read it.
SYMBOLOGIES = {
    "code128": ("CODE128", "]C1", {"zxing", "zbar"}),
    "datamatrix": ("DATAMATRIX", "]d2", {"zxing"}),
    "qrcode": ("QRCODE", "]Q3", {"zxing", "zbar"}),
    "digital-link": ("QRCODE", "]Q1", {"zxing", "zbar"}),
}


def symbology(expected: dict) -> str:
    return expected.get("symbology", "code128")


def render(zpl: bytes, spec: dict):
    options = zplkit.Options(dpi=spec.get("dpi", 300), width=spec["labelWidth"], height=spec["labelHeight"])
    document = zplkit.render(zpl, options)
    if len(document.labels) != 1:
        raise ValueError(f"rendered {len(document.labels)} labels, expected 1")
    return document.labels[0]


def dark_run(raster, symbol: dict) -> tuple[int, int] | None:
    """First and last dark column across the middle row of a symbol."""
    row = symbol["y"] + symbol["height"] // 2
    pixels = raster.pixels[row * raster.width:(row + 1) * raster.width]
    dark = [index for index, value in enumerate(pixels) if value < 128]
    return (dark[0], dark[-1]) if dark else None


def check_widths(scene, spec: dict, symbols: list[dict]) -> list[str]:
    """Each symbol is "modules" modules wide in the raster and ends, with its quiet zone, inside the label."""
    placed = [symbol for symbol in symbols if "modules" in symbol]
    if not placed:
        return []
    raster = scene.rasterize()
    problems = []
    for symbol in placed:
        name = symbol.get("humanReadable", symbol["data"])
        run = dark_run(raster, symbol)
        modules = (run[1] - run[0] + 1) / symbol["moduleWidth"] if run else 0
        if modules != symbol["modules"]:
            problems.append(f"zplkit: symbol {name} is {modules} modules wide, expected {symbol['modules']}")
        end = symbol["x"] + (symbol["modules"] + 10) * symbol["moduleWidth"]
        if end > spec["labelWidth"]:
            problems.append(f"symbol {name} ends with its quiet zone at dot {end}, beyond the label's "
                            f"{spec['labelWidth']}")
    return problems


def decoded(symbols: list[verification.Decoded]) -> list[tuple[str, str, str]]:
    return [(symbol.symbology, symbol.identifier, symbol.data) for symbol in symbols]


def check_symbol(decoder: str, symbol: tuple[str, str, str], expected: dict) -> tuple[list[str], list[dict]]:
    """Problems with one decoded symbol against the symbol expected to have its data, and the AIs biip found."""
    kind, identifier, data = symbol
    name = symbology(expected)
    format_name, expected_identifier, _ = SYMBOLOGIES[name]
    problems = []
    if kind.replace(" ", "").replace("-", "").upper() != format_name:
        problems.append(f"{decoder}: symbology {kind}, expected {name}")
    if identifier != expected_identifier:
        problems.append(f"{decoder}: symbology identifier {identifier}, expected {expected_identifier}")
    if data != expected["data"]:
        problems.append(f"{decoder}: data {data!r}, expected {expected['data']!r}")
    if name == "digital-link":
        parsed = biip.parse(data)
        link = parsed.gs1_digital_link_uri
        if link is None:
            return problems + [f"{decoder}: biip could not parse {data!r}: {parsed.gs1_digital_link_uri_error}"], []
        elements = link.element_strings
        found = [{"ai": element.ai.ai, "value": element.value} for element in elements]
        if sorted(found, key=lambda e: e["ai"]) != sorted(expected["elements"], key=lambda e: e["ai"]):
            problems.append(f"{decoder}: AIs {found}, expected {expected['elements']} in any order")
        message = None
    else:
        parsed = biip.parse(expected_identifier + data)
        message = parsed.gs1_message
        if message is None:
            return problems + [f"{decoder}: biip could not parse {data!r}: {parsed.gs1_message_error}"], []
        elements = message.element_strings
        found = [{"ai": element.ai.ai, "value": element.value} for element in elements]
        if found != expected["elements"]:
            problems.append(f"{decoder}: AIs {found}, expected {expected['elements']}")
    for element in elements:
        for error in ("gtin_error", "sscc_error", "gln_error"):
            if getattr(element, error, None):
                problems.append(f"{decoder}: AI {element.ai.ai}: {getattr(element, error)}")
        if element.ai.ai[:2] in ("11", "13", "15", "17") and element.date is None:
            problems.append(f"{decoder}: AI {element.ai.ai}: {element.value} is not a date to biip")
    if message is not None and "humanReadable" in expected and message.as_hri() != expected["humanReadable"]:
        problems.append(f"{decoder}: human-readable {message.as_hri()!r}, expected {expected['humanReadable']!r}")
    return problems, found


def check_decoded(decoder: str, decoded: list, expected_symbols: list[dict], submitted: dict | None) -> list[str]:
    """Every expected symbol found once (matched by data, any order), nothing else, and with "submitted" the AIs
    of all symbols together equal to what the submitted fields give."""
    if len(decoded) != len(expected_symbols):
        problems = [f"{decoder}: found {len(decoded)} symbols, expected {len(expected_symbols)}"]
        if len(expected_symbols) > 1:
            problems.append(f"{decoder}: found data {[data for _, _, data in decoded]!r}")
        if len(decoded) == 0 or len(expected_symbols) == 1:
            return problems
    else:
        problems = []
    waiting = list(expected_symbols)
    unmatched = []
    label_ais: list[dict] = []
    for symbol in decoded:
        match = next((expected for expected in waiting if expected["data"] == symbol[2]), None)
        if match is None:
            unmatched.append(symbol)
            continue
        waiting.remove(match)
        symbol_problems, found = check_symbol(decoder, symbol, match)
        problems += symbol_problems
        label_ais += found
    if len(expected_symbols) == 1 and len(unmatched) == 1:  # one symbol: report how its data differs
        symbol_problems, found = check_symbol(decoder, unmatched[0], expected_symbols[0])
        problems += symbol_problems
        label_ais += found
    else:
        for symbol in unmatched:
            problems.append(f"{decoder}: unexpected symbol {symbol[0]} {symbol[1]} {symbol[2]!r}")
        for expected in waiting:
            problems.append(f"{decoder}: symbol {expected['data']!r} not found")
    if submitted is not None:
        problems += [f"{decoder}: {problem}" for problem in compare_with_submitted(label_ais, submitted)]
    return problems


def expected_value(ai: str, value) -> str:
    """The AI value a field's submitted value gives by GS1 rules."""
    if ai == "01":
        digits = str(value)
        if not digits.isdigit() or len(digits) not in (8, 12, 13, 14):
            raise ValueError(f"GTIN {digits!r} is not 8, 12, 13 or 14 digits")
        digits = digits.zfill(14)
        weighted = sum(int(digit) * (3 if index % 2 == 0 else 1) for index, digit in enumerate(reversed(digits[:-1])))
        if (10 - weighted % 10) % 10 != int(digits[-1]):
            raise ValueError(f"GTIN {value!r} has a wrong check digit")
        return digits
    if ai[:2] in ("11", "13", "15", "17"):
        text = str(value)
        return text[2:4] + text[5:7] + text[8:10] if len(text) == 10 and text[4] == "-" else text
    if ai[:3] in ("310", "320"):
        decimals = int(ai[3])
        amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        return str(int(amount.scaleb(decimals))).zfill(6)
    if ai == "37":
        return str(int(value))
    return str(value)


def compare_with_submitted(found: list[dict], submitted: dict) -> list[str]:
    problems = []
    decoded: dict[str, str] = {}
    for element in found:
        if element["ai"] in decoded and decoded[element["ai"]] != element["value"]:
            problems.append(f"AI {element['ai']} is in more than one symbol, with different values")
        decoded[element["ai"]] = element["value"]
    expected = {}
    for barcode in submitted["barcodes"]:
        value = submitted["fields"].get(barcode["field"])
        if value is not None:
            expected[barcode["ai"]] = expected_value(barcode["ai"], value)
    for ai in sorted(expected.keys() | decoded.keys()):
        if ai not in decoded:
            problems.append(f"AI {ai} ({expected[ai]}) from the submitted data is in no symbol")
        elif ai not in expected:
            problems.append(f"AI {ai} ({decoded[ai]}) was not submitted")
        elif decoded[ai] != expected[ai]:
            problems.append(f"AI {ai} is {decoded[ai]!r}; the submitted data gives {expected[ai]!r}")
    return problems


def readable(symbols: list[dict], decoder: str) -> list[dict]:
    """The symbols `decoder` can read."""
    return [symbol for symbol in symbols if decoder in SYMBOLOGIES[symbology(symbol)][2]]


def verify(zpl_path: Path, decoders: list[str]) -> list[str]:
    spec = json.loads(zpl_path.with_suffix(".json").read_text(encoding="utf-8"), parse_float=Decimal)
    symbols = spec["symbols"] if "symbols" in spec else [spec]
    submitted = spec.get("submitted")
    scene = render(zpl_path.read_bytes(), spec)
    png = zpl_path.with_suffix(".png")
    png.write_bytes(scene.png())
    problems = check_widths(scene, spec, symbols)
    image = Image.open(png).convert("L")
    if "zxing" in decoders:
        problems += check_decoded(
            "zxing-cpp", decoded(verification.decode_zxing(image)), readable(symbols, "zxing"), submitted)
    if "zbar" in decoders:
        zbar_symbols = readable(symbols, "zbar")
        # The AIs of all symbols equal the submitted data only when the decoder reads every kind on the label.
        zbar_submitted = submitted if len(zbar_symbols) == len(symbols) else None
        problems += check_decoded("zbarimg", decoded(verification.decode_zbar(png)), zbar_symbols, zbar_submitted)
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
    print(f"{verification.tool_versions()}; decoders: {', '.join(decoders)}")
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
