"""Command line: python -m model trace (--image PATH | --text "…") [--model ID] --out FILE.npz [--json]"""

import argparse
import sys
from pathlib import Path

from model.catalog import BUNDLED_VIT, DEFAULT_TEXT_MODEL
from model.errors import AtlasError
from model.export import trace_json, trace_npz_bytes
from model.inputs import decode_image
from model.loading import load_text_model, load_vit
from model.text.trace import trace_text
from model.vit.trace import trace_image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m model", description="Trace attention and export every intermediate."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    trace = commands.add_parser("trace", help="trace one image or sentence")
    source = trace.add_mutually_exclusive_group(required=True)
    source.add_argument("--image", type=Path, help="an image file (PNG, JPEG, WebP, GIF, BMP)")
    source.add_argument("--text", help="a sentence")
    trace.add_argument(
        "--model", help=f"timm ViT name or text model id (default: {BUNDLED_VIT} / {DEFAULT_TEXT_MODEL})"
    )
    trace.add_argument("--out", type=Path, required=True, help="where to write the .npz (or .json with --json)")
    trace.add_argument("--json", action="store_true", help="write a small JSON summary instead of the full .npz")
    args = parser.parse_args(argv)

    try:
        if args.image is not None:
            if not args.image.is_file():
                raise AtlasError("file_missing", "No file at {path}.", path=str(args.image))
            decoded = decode_image(args.image.read_bytes(), filename=args.image.name)
            result = trace_image(load_vit(args.model or BUNDLED_VIT), decoded.image, decoded.notices)
        else:
            result = trace_text(load_text_model(args.model or DEFAULT_TEXT_MODEL), args.text)
    except AtlasError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for notice in result.notices:
        print(f"note: {notice}", file=sys.stderr)
    if args.json:
        args.out.write_text(trace_json(result), encoding="utf-8")
    else:
        args.out.write_bytes(trace_npz_bytes(result))
    print(
        f"wrote {args.out}: {result.num_layers} layers × {result.num_heads} heads × {result.num_tokens} tokens "
        f"({result.model_id})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
