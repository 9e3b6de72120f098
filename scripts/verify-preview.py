#!/usr/bin/env python3
"""Check our ZPL renderer's PNGs with tools we did not write: zplkit's render, two decoders, a GS1 parser, OCR.

Usage: verify-preview.py DIR [--reference-as-ours] [--images OUT] [--only NAME,...]

DIR holds NAME.zpl, its sidecar NAME.json and NAME.png, our renderer's image of the label. A sidecar:

    {"description": "Odoo product label, 2x1 in",
     "dpi": 203, "labelWidth": 406, "labelHeight": 203,      # dots; both renderers get this size
     "label": 1,                                             # optional: which ^XA..^XZ of the stream, from 1
     "barcodes": [{"symbology": "code128",                   # code128 ean13 upca code39 itf qr datamatrix
                   "data": "0109501101530003\\u001d10L1",     # exactly what a decoder reads, GS between AIs
                   "identifier": "]C1",                      # optional: AIM symbology identifier to match
                   "gs1": [{"ai": "01", "value": "09501101530003"}, ...],   # optional: what biip must parse
                   "decoders": ["zxing-cpp", "zbarimg"]}],   # the decoders that must read it
     "text": ["Chicken thighs", {"text": "LOT A1", "region": [x, y, w, h], "rotation": 90, "invert": false}],
     "agreement": {"minimum": 95.0, "reason": "..."},       # optional: a lower bar, and why
     "zplkitWrong": {"barcodes": ["data", ...], "reason": "..."}}   # optional: symbols zplkit itself draws wrong

For each label:
- Pixels: zplkit renders the same ZPL at the same size (commands that only set up the printer and that zplkit
  refuses, such as ^PQ or ~SD, are taken out of its copy first and named). The agreement is the share of dots
  where both images are equally black or white; "ink" is the agreement over the dots either image inks. Differing
  dots are grouped in cells of 8x8 dots, neighbouring cells joined; the largest groups are reported as boxes. A
  label under its minimum (97 % unless the sidecar says otherwise) fails.
- Barcodes: zxing-cpp and zbarimg each decode our PNG. Every symbol a decoder is listed for must be found exactly
  once, with its symbology and exactly its data (and identifier, when given); a decoder must find nothing that is
  not expected. A UPC-A read as its EAN-13 form (a leading 0) counts as the UPC-A. With "gs1", biip parses the data
  (behind its identifier, or as a GS1 Digital Link URI) into exactly those AIs and values.
- Text: tesseract reads the label (or a line's region, turned upright by its rotation, white on black made black on
  white by "invert"), at the label's size and
  again at twice the size for lines not yet read. A line is read when, with case folded (Unicode casefold) and all
  whitespace removed on both sides and every dash (en, em, minus, which tesseract often reads for a hyphen) made a
  hyphen, it is a substring of what tesseract read. Nothing else is loosened: a 0 read for an O is a miss. The
  whole label is read as sparse text (--psm 11), a region as a block (--psm 6).
Prints one line per label and closes with "N passed, N failed"; exits 1 when any label fails or none is found.
--reference-as-ours checks zplkit's own image in place of NAME.png (to prove the sidecars while our renderer is
not there), leaving out the symbols the sidecar's "zplkitWrong" names (and allowing the wrong ones zplkit drew); --images OUT writes each label's zplkit image (NAME.zplkit.png) and its difference (NAME.diff.png).
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import unicodedata
from pathlib import Path

import biip
from PIL import Image, ImageChops, ImageOps

import verification

THRESHOLD = 97.0
CELL = 8
SYMBOLOGIES = {"code128", "ean13", "upca", "code39", "itf", "qr", "datamatrix"}
DECODERS = ("zxing-cpp", "zbarimg")
SIDECAR_KEYS = {"description", "dpi", "labelWidth", "labelHeight", "label", "barcodes", "text", "agreement",
                "zplkitWrong"}
BARCODE_KEYS = {"symbology", "data", "identifier", "gs1", "decoders"}


def symbology(name: str) -> str:
    """A decoder's name for a symbology in the sidecar's words."""
    key = re.sub(r"[\s\-/]", "", name).lower()
    return {"i25": "itf", "qrcode": "qr"}.get(key, key)


def check_sidecar(spec: dict) -> list[str]:
    problems = [f"sidecar: unknown key {key!r}" for key in sorted(spec.keys() - SIDECAR_KEYS)]
    problems += [f"sidecar: {key} missing" for key in ("dpi", "labelWidth", "labelHeight") if key not in spec]
    for barcode in spec.get("barcodes", []):
        problems += [f"sidecar: unknown barcode key {key!r}" for key in sorted(barcode.keys() - BARCODE_KEYS)]
        if barcode.get("symbology") not in SYMBOLOGIES:
            problems.append(f"sidecar: symbology {barcode.get('symbology')!r} is not one of {sorted(SYMBOLOGIES)}")
        if not barcode.get("decoders") or set(barcode["decoders"]) - set(DECODERS):
            problems.append(f"sidecar: decoders of {barcode.get('data')!r} must be some of {list(DECODERS)}")
    return problems


# MARK: pixels

def ink(image: Image.Image) -> Image.Image:
    """White (1) where the image is dark: a 1-bit mask of the ink."""
    return image.convert("L").point(lambda value: 255 if value < 128 else 0).convert("1")


def regions(difference: Image.Image, count: int = 4) -> list[tuple[int, int, int, int, int]]:
    """The largest groups of differing dots as (differing dots, x, y, width, height), largest first."""
    columns, rows = (difference.width + CELL - 1) // CELL, (difference.height + CELL - 1) // CELL
    padded = Image.new("1", (columns * CELL, rows * CELL))
    padded.paste(difference, (0, 0))
    cells = padded.convert("L").reduce(CELL).load()
    seen = set()
    groups = []
    for row in range(rows):
        for column in range(columns):
            if cells[column, row] == 0 or (column, row) in seen:
                continue
            stack, dots = [(column, row)], 0
            seen.add((column, row))
            left, top, right, bottom = column, row, column, row
            while stack:
                x, y = stack.pop()
                dots += round(cells[x, y] * CELL * CELL / 255)
                left, top, right, bottom = min(left, x), min(top, y), max(right, x), max(bottom, y)
                for nx in (x - 1, x, x + 1):
                    for ny in (y - 1, y, y + 1):
                        if 0 <= nx < columns and 0 <= ny < rows and (nx, ny) not in seen and cells[nx, ny]:
                            seen.add((nx, ny))
                            stack.append((nx, ny))
            width = min((right + 1) * CELL, difference.width) - left * CELL
            height = min((bottom + 1) * CELL, difference.height) - top * CELL
            groups.append((dots, left * CELL, top * CELL, width, height))
    return sorted(groups, reverse=True)[:count]


def compare(ours: Image.Image, reference: Image.Image, images: Path | None, name: str) -> tuple[float, float, list]:
    """Agreement over all dots and over inked dots, in percent, and the largest differing regions."""
    ours, reference = ink(ours), ink(reference)
    difference = ImageChops.logical_xor(ours, reference)
    differing = difference.histogram()[255]
    inked = ImageChops.logical_or(ours, reference).histogram()[255]
    total = ours.width * ours.height
    if images is not None:
        difference.save(images / f"{name}.diff.png")
    agreement = 100.0 * (total - differing) / total if total else 0.0
    ink_agreement = 100.0 * (inked - differing) / inked if inked else 100.0
    return agreement, ink_agreement, regions(difference) if differing else []


# MARK: barcodes

def gs1_elements(barcode: dict, data: str, identifier: str) -> tuple[list[dict] | None, str]:
    parsed = biip.parse(data if data.startswith("http") else (identifier or "]C1") + data)
    elements = None
    if parsed.gs1_message is not None:
        elements = parsed.gs1_message.element_strings
    elif parsed.gs1_digital_link_uri is not None:
        elements = parsed.gs1_digital_link_uri.element_strings
    if elements is None:
        return None, f"{parsed.gs1_message_error or parsed.gs1_digital_link_uri_error}"
    return [{"ai": element.ai.ai, "value": element.value} for element in elements], ""


def key_errors(data: str, identifier: str) -> list[str]:
    """What biip says is wrong with a GTIN, SSCC or GLN in the data (a check digit, mostly)."""
    parsed = biip.parse(data if data.startswith("http") else (identifier or "]C1") + data)
    message = parsed.gs1_message or parsed.gs1_digital_link_uri
    errors = []
    for element in message.element_strings if message is not None else []:
        for name in ("gtin_error", "sscc_error", "gln_error"):
            if getattr(element, name, None):
                errors.append(f"AI {element.ai.ai}: {getattr(element, name)}")
    return errors


def matches(barcode: dict, symbol: verification.Decoded) -> bool:
    kind, expected = symbology(symbol.symbology), barcode["data"]
    if barcode["symbology"] == "upca" and kind in ("upca", "ean13") and symbol.data == "0" + expected:
        return True
    return kind == barcode["symbology"] and symbol.data == expected


def check_decoder(decoder: str, found: list[verification.Decoded], barcodes: list[dict],
                  unexpected_allowed: bool = False) -> tuple[list[str], str]:
    """Problems with what one decoder read, and a summary like "2/2"."""
    problems = []
    required = [barcode for barcode in barcodes if decoder in barcode["decoders"]]
    waiting = list(found)
    read = 0
    for barcode in barcodes:
        hits = [symbol for symbol in waiting if matches(barcode, symbol)]
        for symbol in hits:
            waiting.remove(symbol)
        if barcode not in required:
            continue
        if not hits:
            problems.append(f"{decoder}: {barcode['symbology']} {barcode['data']!r} not found")
            continue
        before = len(problems)
        if len(hits) > 1:
            problems.append(f"{decoder}: {barcode['symbology']} {barcode['data']!r} found {len(hits)} times")
        symbol = hits[0]
        if "identifier" in barcode and symbol.identifier != barcode["identifier"]:
            problems.append(f"{decoder}: {barcode['data']!r} has identifier {symbol.identifier}, "
                            f"expected {barcode['identifier']}")
        if "gs1" in barcode:
            elements, error = gs1_elements(barcode, symbol.data, symbol.identifier)
            if elements is None:
                problems.append(f"{decoder}: biip could not parse {symbol.data!r}: {error}")
            elif elements != barcode["gs1"]:
                problems.append(f"{decoder}: biip found {elements}, expected {barcode['gs1']}")
            problems += [f"{decoder}: {error}" for error in key_errors(symbol.data, symbol.identifier)]
        read += 1 if len(problems) == before else 0
    for symbol in [] if unexpected_allowed else waiting:
        problems.append(f"{decoder}: unexpected {symbol.symbology} {symbol.identifier} {symbol.data!r}")
    return problems, f"{read}/{len(required)}"


# MARK: text

DASHES = str.maketrans({dash: "-" for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"})


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).casefold().translate(DASHES))


def ocr(image: Image.Image, scale: int, layout: str) -> str:
    if scale != 1:
        image = image.resize((image.width * scale, image.height * scale), Image.Resampling.NEAREST)
    with tempfile.NamedTemporaryFile(suffix=".png") as file:
        image.convert("L").save(file.name)
        run = subprocess.run(["tesseract", file.name, "stdout", "--psm", layout], capture_output=True, text=True,
                             env={**os.environ, "OMP_THREAD_LIMIT": "1"})
    if run.returncode != 0:
        raise RuntimeError(f"tesseract exited {run.returncode}: {run.stderr.strip()}")
    return run.stdout


def check_text(image: Image.Image, lines: list) -> tuple[list[str], str]:
    problems = []
    read = 0
    whole = {}
    for line in lines:
        line = {"text": line} if isinstance(line, str) else line
        wanted = normalise(line["text"])
        region = image
        if "region" in line:
            x, y, width, height = line["region"]
            region = image.crop((x, y, x + width, y + height))
        if line.get("rotation"):
            region = region.rotate(line["rotation"], expand=True, fillcolor=255)
        if line.get("invert"):
            region = ImageOps.invert(region)
        texts = []
        for scale in (1, 2):
            if region is not image:
                texts.append(ocr(region, scale, "6"))
            else:
                whole.setdefault(scale, ocr(image, scale, "11"))
                texts.append(whole[scale])
            if wanted in normalise(texts[-1]):
                break
        else:
            problems.append(f"tesseract: {line['text']!r} not read; read {' | '.join(texts[-1].split())!r}")
            continue
        read += 1
    return problems, f"{read}/{len(lines)}"


# MARK: labels

def verify(zpl_path: Path, reference_as_ours: bool, images: Path | None) -> tuple[str, list[str], list[str]]:
    """The label's summary, its problems, and notes that do not fail it."""
    spec = json.loads(zpl_path.with_suffix(".json").read_text(encoding="utf-8"))
    problems = check_sidecar(spec)
    if problems:
        return "sidecar", problems, []
    notes = []
    labels, removed = verification.render_zplkit(zpl_path.read_bytes(), spec["dpi"], spec["labelWidth"],
                                                 spec["labelHeight"])
    if removed:
        notes.append(f"zplkit: took out {' '.join(removed)} (unsupported, draw nothing)")
    number = spec.get("label", 1)
    if not 1 <= number <= len(labels):
        return "zplkit", [f"zplkit rendered {len(labels)} labels, the sidecar wants label {number}"], notes
    reference = Image.frombytes("L", (labels[number - 1].width, labels[number - 1].height),
                                labels[number - 1].rasterize().pixels)
    if reference.size != (spec["labelWidth"], spec["labelHeight"]):  # zplkit lets ^PW and ^LL win over its options
        problems.append(f"zplkit drew {reference.width}x{reference.height} dots; the sidecar says "
                        f"{spec['labelWidth']}x{spec['labelHeight']} (^PW, ^LL)")
    name = zpl_path.stem
    if images is not None:
        reference.save(images / f"{name}.zplkit.png")
    png = zpl_path.with_suffix(".png")
    if reference_as_ours:
        ours, ours_path = reference, (images / f"{name}.zplkit.png" if images else None)
    else:
        if not png.exists():
            return "missing", [f"{png.name} not found"], notes
        ours, ours_path = Image.open(png), png
    summary = []
    if ours.size != reference.size:
        problems.append(f"our image is {ours.width}x{ours.height}, zplkit's {reference.width}x{reference.height}")
    else:
        agreement, ink_agreement, differing = compare(ours, reference, images, name)
        minimum = spec.get("agreement", {}).get("minimum", THRESHOLD)
        summary.append(f"pixels {agreement:6.2f}% (ink {ink_agreement:5.1f}%)")
        if agreement < minimum:
            problems.append(f"pixels agree on {agreement:.2f}%, under {minimum}%")
        if differing:
            notes.append("differs: " + "; ".join(f"{width}x{height} at ({x},{y}), {dots} dots"
                                                 for dots, x, y, width, height in differing))
    barcodes = spec.get("barcodes", [])
    wrong = spec.get("zplkitWrong", {})
    if reference_as_ours and wrong:
        barcodes = [barcode for barcode in barcodes if barcode["data"] not in wrong["barcodes"]]
        notes.append(f"not checked on zplkit's image: {', '.join(wrong['barcodes'])} ({wrong['reason']})")
    with tempfile.TemporaryDirectory() as folder:
        if ours_path is None:
            ours_path = Path(folder) / f"{name}.png"
            ours.save(ours_path)
        for decoder, found in (("zxing-cpp", verification.decode_zxing(ours.convert("L"))),
                               ("zbarimg", verification.decode_zbar(ours_path))):
            decoder_problems, read = check_decoder(decoder, found, barcodes, reference_as_ours and bool(wrong))
            problems += decoder_problems
            summary.append(f"{decoder} {read}")
    text_problems, read = check_text(ours.convert("L"), spec.get("text", []))
    problems += text_problems
    summary.append(f"ocr {read}")
    return "  ".join(summary), problems, notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--reference-as-ours", action="store_true",
                        help="check zplkit's image in place of NAME.png (proves the sidecars)")
    parser.add_argument("--images", type=Path, help="write NAME.zplkit.png and NAME.diff.png here")
    parser.add_argument("--only", default="", help="comma-separated label names to check")
    arguments = parser.parse_args()
    if not verification.zbar_version():
        print("zbarimg not found: run scripts/install-verify-tools.sh", file=sys.stderr)
        return 2
    if arguments.images is not None:
        arguments.images.mkdir(parents=True, exist_ok=True)
    tesseract = subprocess.run(["tesseract", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"{verification.tool_versions()}, {tesseract}"
          f"{'; zplkit images checked as ours' if arguments.reference_as_ours else ''}")
    only = {name.strip() for name in arguments.only.split(",") if name.strip()}
    passed = failed = 0
    for zpl_path in sorted(arguments.directory.glob("*.zpl")):
        if only and zpl_path.stem not in only:
            continue
        try:
            summary, problems, notes = verify(zpl_path, arguments.reference_as_ours, arguments.images)
        except Exception as error:  # a label that cannot be rendered or read fails; the others still run
            summary, problems, notes = "error", [f"{type(error).__name__}: {error}"], []
        failed += 1 if problems else 0
        passed += 0 if problems else 1
        print(f"{'FAIL' if problems else 'ok  '} {zpl_path.stem:<34} {summary}")
        for line in problems:
            print(f"    {line}")
        for line in notes:
            print(f"      {line}")
    print(f"{passed} passed, {failed} failed")
    return 0 if passed > 0 and failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
