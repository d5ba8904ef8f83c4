"""streamssl's wire formats in Python: Avro single-object encoding and the schema-registry framing.

Every record on the images, embeddings, dead-letter and metrics topics is one Avro datum in the
single-object encoding of the Avro specification:

    C3 01 | 8-byte CRC-64-AVRO fingerprint of the writer schema, little-endian | Avro binary body

The fingerprint is taken over the schema's Parsing Canonical Form. To read a record, look the
writer schema up by its fingerprint and decode the body (the 10 bytes after the header) with it;
to write one, prepend the header of the schema you encode with. The schemas are the .avsc files
under schemas/src/main/avro of the streamssl repository (also inside the job jar).

With serde.format=registry the job and the tools write the Confluent wire format instead:

    00 | 4-byte schema id, big-endian | Avro binary body

where the id is the writer schema's id in the schema registry (GET /schemas/ids/{id}); writers
register their schema under the subject <topic>-value (POST /subjects/{subject}/versions). Readers
decode the body with the writer schema resolved against their own, so a field another producer
added is skipped and a field it lacks takes its default. RegistryCodec does both framings on read.

Needs Debian's python3-avro (nothing from PyPI); the registry client uses only urllib.
"""
import base64
import io
import json
import os
import struct
import urllib.error
import urllib.parse
import urllib.request

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


REGISTRY_MAGIC = b"\x00"
REGISTRY_HEADER_BYTES = 5


class SchemaRegistryClient:
    """The two calls of the Confluent Schema Registry REST API the framing needs, cached."""

    CONTENT_TYPE = "application/vnd.schemaregistry.v1+json"

    def __init__(self, url: str, user_info: str = None, timeout: float = 10.0):
        self.url = url.rstrip("/")
        self.timeout = timeout
        self.headers = {"Accept": self.CONTENT_TYPE + ", application/json"}
        if user_info:
            token = base64.b64encode(user_info.encode("utf-8")).decode("ascii")
            self.headers["Authorization"] = "Basic " + token
        self._by_id = {}
        self._ids = {}

    def _call(self, path: str, body: dict = None) -> dict:
        data = None if body is None else json.dumps(body).encode("utf-8")
        headers = dict(self.headers)
        if data is not None:
            headers["Content-Type"] = self.CONTENT_TYPE
        request = urllib.request.Request(self.url + path, data=data, headers=headers)
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            return json.loads(response.read().decode("utf-8"))

    def register(self, subject: str, schema: avro.schema.Schema) -> int:
        key = (subject, str(schema))
        if key not in self._ids:
            answer = self._call("/subjects/%s/versions" % urllib.parse.quote(subject, safe=""),
                                {"schema": json.dumps(schema.to_json())})
            self._ids[key] = answer["id"]
            self._by_id.setdefault(answer["id"], schema)
        return self._ids[key]

    def schema(self, schema_id: int) -> avro.schema.Schema:
        if schema_id not in self._by_id:
            try:
                answer = self._call("/schemas/ids/%d" % schema_id)
            except urllib.error.HTTPError as e:
                if e.code == 404:
                    raise ValueError("schema id %d is not in the registry" % schema_id)
                raise
            self._by_id[schema_id] = avro.schema.parse(answer["schema"])
        return self._by_id[schema_id]


class RegistryCodec:
    """Writes the registry framing under one subject; reads it (and single-object records).

    `registry` is anything with register(subject, schema) -> id and schema(id) -> Schema: a
    SchemaRegistryClient, or a dict-backed stand-in for bytes whose schemas you already hold.
    """

    def __init__(self, schema: avro.schema.Schema, subject: str, registry):
        self.schema = schema
        self.subject = subject
        self.registry = registry
        self._writer = avro.io.DatumWriter(schema)
        self._readers = {}
        self._single_object = SingleObjectCodec(schema)

    def encode(self, datum: dict) -> bytes:
        schema_id = self.registry.register(self.subject, self.schema)
        out = io.BytesIO()
        out.write(REGISTRY_MAGIC + struct.pack(">i", schema_id))
        self._writer.write(datum, avro.io.BinaryEncoder(out))
        return out.getvalue()

    def decode(self, value: bytes) -> dict:
        if value[:2] == MAGIC:
            return self._single_object.decode(value)
        if len(value) < REGISTRY_HEADER_BYTES or value[:1] != REGISTRY_MAGIC:
            raise ValueError("neither the registry framing (00 + schema id) nor single-object (C3 01)")
        (schema_id,) = struct.unpack(">i", value[1:REGISTRY_HEADER_BYTES])
        if schema_id not in self._readers:
            writer = self.registry.schema(schema_id)
            if writer.fullname != self.schema.fullname:
                raise ValueError("schema id %d is a %s, not a %s"
                                 % (schema_id, writer.fullname, self.schema.fullname))
            self._readers[schema_id] = avro.io.DatumReader(writer, self.schema)
        body = io.BytesIO(value[REGISTRY_HEADER_BYTES:])
        return self._readers[schema_id].read(avro.io.BinaryDecoder(body))


def codec_for(args, schema_name: str, topic: str):
    """The codec a script's --serde-format and --schema-registry-url ask for."""
    schema = load_schema(schema_name, args.schemas)
    if args.serde_format == "single-object":
        return SingleObjectCodec(schema)
    if not args.schema_registry_url:
        raise SystemExit("--serde-format registry needs --schema-registry-url")
    registry = SchemaRegistryClient(args.schema_registry_url, args.basic_auth_user_info)
    return RegistryCodec(schema, topic + "-value", registry)


def add_format_arguments(parser):
    parser.add_argument("--serde-format", choices=["single-object", "registry"],
                        default="single-object",
                        help="the job's serde.format (default: single-object)")
    parser.add_argument("--schema-registry-url", help="with --serde-format registry")
    parser.add_argument("--basic-auth-user-info", help="user:password for the registry")
