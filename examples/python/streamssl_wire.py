"""streamssl's wire format in Python: Avro single-object encoding.

Every record on the images, embeddings, dead-letter and metrics topics is one Avro datum in the
single-object encoding of the Avro specification:

    C3 01 | 8-byte CRC-64-AVRO fingerprint of the writer schema, little-endian | Avro binary body

The fingerprint is taken over the schema's Parsing Canonical Form. To read a record, look the
writer schema up by its fingerprint and decode the body (the 10 bytes after the header) with it;
to write one, prepend the header of the schema you encode with. The schemas are the .avsc files
under schemas/src/main/avro of the streamssl repository (also inside the job jar).

Needs Debian's python3-avro (no schema registry, nothing from PyPI).
"""
import io
import json
import os

import avro.io
import avro.schema

MAGIC = b"\xc3\x01"
HEADER_BYTES = 10

_EMPTY = 0xC15D213AA4D7A795
_TABLE = []
for _i in range(256):
    _fp = _i
    for _ in range(8):
        _fp = (_fp >> 1) ^ (_EMPTY if _fp & 1 else 0)
    _TABLE.append(_fp)


def crc64_avro(data: bytes) -> int:
    """The Rabin fingerprint the Avro specification calls CRC-64-AVRO."""
    fp = _EMPTY
    for b in data:
        fp = (fp >> 8) ^ _TABLE[(fp ^ b) & 0xFF]
    return fp


def default_schema_dir() -> str:
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "schemas", "src", "main", "avro")


def load_schema(name: str, schema_dir: str = None) -> avro.schema.Schema:
    """Parses NAME.avsc, with the named types it uses (Encoding, DeadLetterReason) inlined."""
    schema_dir = schema_dir or default_schema_dir()
    names = avro.schema.Names()
    for dependency in ("Encoding", "DeadLetterReason"):
        path = os.path.join(schema_dir, dependency + ".avsc")
        if dependency != name and os.path.exists(path):
            with open(path) as f:
                avro.schema.make_avsc_object(json.load(f), names)
    with open(os.path.join(schema_dir, name + ".avsc")) as f:
        return avro.schema.make_avsc_object(json.load(f), names)


def fingerprint(schema: avro.schema.Schema) -> bytes:
    return crc64_avro(schema.canonical_form.encode("utf-8")).to_bytes(8, "little")


class SingleObjectCodec:
    """Encodes with one schema; decodes records written with it."""

    def __init__(self, schema: avro.schema.Schema):
        self.schema = schema
        self.header = MAGIC + fingerprint(schema)
        self._writer = avro.io.DatumWriter(schema)
        self._reader = avro.io.DatumReader(schema, schema)

    def encode(self, datum: dict) -> bytes:
        out = io.BytesIO()
        out.write(self.header)
        self._writer.write(datum, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, value: bytes) -> dict:
        if value[:2] != MAGIC:
            raise ValueError("not Avro single-object encoding (no C3 01 header)")
        if value[2:HEADER_BYTES] != self.header[2:]:
            raise ValueError(
                "written with schema fingerprint %s, this reader knows %s (%s); use the .avsc files"
                " of the streamssl version that wrote it"
                % (value[2:HEADER_BYTES].hex(), self.header[2:].hex(), self.schema.fullname))
        body = io.BytesIO(value[HEADER_BYTES:])
        return self._reader.read(avro.io.BinaryDecoder(body))
