#!/usr/bin/env python3
"""Publish a folder of photos to streamssl's images topic from Python.

Each JPEG, PNG or WebP file under --dir becomes one ImageRecord (the file's bytes as they are,
its size and channels read from the file header), keyed by its id, in Avro single-object
encoding. With --labels-from-folders, the first folder level under --dir names the class: the
classes, sorted by name, get labels 0, 1, 2, ... and every record carries its class name in the
tag "class". Files that are empty, not JPEG, PNG or WebP, whose header cannot be read, or
larger than the topic takes (16 MiB) are skipped, counted and named (a file damaged past its
header reaches the job, which dead-letters it); the script exits 1 if nothing was published.

Unlike `streamssl publish`, this sends the files unchanged (no shrinking of large photos).

Debian: apt-get install python3-confluent-kafka python3-avro
  python3 examples/python/publish.py --bootstrap-servers localhost:9092 --dir photos \
      --labels-from-folders
"""
import argparse
import os
import struct
import sys
import time

from confluent_kafka import Producer

from streamssl_wire import add_format_arguments, codec_for

MAX_IMAGE_BYTES = 16 * 1024 * 1024
# the broker's and the topic's limit: the image plus 1 MiB for the rest of the record
MAX_RECORD_BYTES = MAX_IMAGE_BYTES + 1024 * 1024


class NotAnImage(Exception):
    pass


def jpeg_header(data):
    """(width, height, channels) from the frame header (SOFn) of a JPEG."""
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise NotAnImage("broken JPEG marker")
        marker = data[i + 1]
        if marker == 0xFF:
            i += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            height, width = struct.unpack(">HH", data[i + 5:i + 9])
            components = data[i + 9]
            return width, height, 1 if components == 1 else 3
        i += 2 + length
    raise NotAnImage("JPEG without a frame header")


def png_header(data):
    if len(data) < 26 or data[12:16] != b"IHDR":
        raise NotAnImage("PNG without IHDR")
    width, height = struct.unpack(">II", data[16:24])
    colour_type = data[25]
    # 0 grey, 4 grey with alpha: one channel; RGB, RGBA and palette: three
    return width, height, 1 if colour_type in (0, 4) else 3


def webp_header(data):
    chunk = data[12:16]
    if chunk == b"VP8X":
        width = 1 + int.from_bytes(data[24:27], "little")
        height = 1 + int.from_bytes(data[27:30], "little")
    elif chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        width, height = 1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF)
    elif chunk == b"VP8 ":
        width = int.from_bytes(data[26:28], "little") & 0x3FFF
        height = int.from_bytes(data[28:30], "little") & 0x3FFF
    else:
        raise NotAnImage("WebP without a VP8 chunk")
    return width, height, 3


def probe(data):
    """(encoding, width, height, channels) of a JPEG, PNG or WebP file, by its magic bytes."""
    if len(data) == 0:
        raise NotAnImage("empty file")
    if data[:3] == b"\xff\xd8\xff":
        return ("JPEG",) + jpeg_header(data)
    if data[:8] == b"\x89PNG\r\n\x1a\n":
        return ("PNG",) + png_header(data)
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ("WEBP",) + webp_header(data)
    raise NotAnImage("not a JPEG, PNG or WebP file")


def photos(root, labels_from_folders):
    """(path, class name or None) of every file under root, in a stable order."""
    found = []
    for directory, subdirs, files in os.walk(root):
        subdirs.sort()
        for name in sorted(files):
            if name.startswith("."):
                continue
            path = os.path.join(directory, name)
            cls = None
            if labels_from_folders:
                rel = os.path.relpath(path, root).split(os.sep)
                if len(rel) < 2:
                    continue  # a file at the top has no class
                cls = rel[0]
            found.append((path, cls))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap-servers", "-b", default="localhost:9092")
    parser.add_argument("--topic", default="images")
    parser.add_argument("--dir", required=True, help="folder of photos (searched recursively)")
    parser.add_argument("--labels-from-folders", action="store_true")
    parser.add_argument("--id-prefix", default="", help="prepended to each file's relative path")
    parser.add_argument("--split", help="tag every image split=VALUE (train or test)")
    parser.add_argument("--schemas", help="folder of the .avsc files (default: the repository's)")
    add_format_arguments(parser)
    args = parser.parse_args()
    if not os.path.isdir(args.dir):
        print("no such folder: %s" % args.dir, file=sys.stderr)
        return 2

    codec = codec_for(args, "ImageRecord", args.topic)
    entries = photos(args.dir, args.labels_from_folders)
    classes = sorted({c for _, c in entries if c is not None})
    label_of = {c: i for i, c in enumerate(classes)}
    producer = Producer({
        "bootstrap.servers": args.bootstrap_servers,
        "enable.idempotence": True,
        "message.max.bytes": MAX_RECORD_BYTES,
    })
    failed = []
    producer_errors = []

    def delivered(err, msg):
        if err is not None:
            producer_errors.append("%s: %s" % (msg.key().decode(), err))

    published, skipped = 0, []
    for path, cls in entries:
        rel = os.path.relpath(path, args.dir).replace(os.sep, "/")
        try:
            with open(path, "rb") as f:
                data = f.read()
            if len(data) > MAX_IMAGE_BYTES:
                raise NotAnImage("%d bytes, over the topic's %d" % (len(data), MAX_IMAGE_BYTES))
            encoding, width, height, channels = probe(data)
        except (OSError, NotAnImage, struct.error, IndexError) as e:
            skipped.append("%s: %s" % (rel, e))
            continue
        tags = {}
        if cls is not None:
            tags["class"] = cls
        if args.split:
            tags["split"] = args.split
        record = {
            "id": args.id_prefix + rel,
            "timestampMs": int(time.time() * 1000),
            "encoding": encoding,
            "width": width,
            "height": height,
            "channels": channels,
            "data": data,
            "label": label_of[cls] if cls is not None else None,
            "tags": tags,
            "source": path,
        }
        producer.produce(args.topic, key=record["id"].encode("utf-8"),
                         value=codec.encode(record), on_delivery=delivered)
        producer.poll(0)
        published += 1
    producer.flush()
    published -= len(producer_errors)
    for line in skipped + producer_errors:
        print("skipped " + line, file=sys.stderr)
    print("published %d images to %s, skipped %d%s" % (
        published, args.topic, len(skipped) + len(producer_errors),
        "; classes: " + ", ".join("%d=%s" % (i, c) for i, c in enumerate(classes)) if classes else ""))
    return 0 if published > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
