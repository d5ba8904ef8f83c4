#!/usr/bin/env python3
"""Read streamssl's embeddings topic into NumPy arrays.

Reads the topic from the beginning (committed records only: the job writes embeddings in Kafka
transactions) until no record has arrived for --idle seconds or --max records were read, decodes
each record (Avro single-object encoding, see streamssl_wire.py) and keeps, per image id, the
embedding of the newest model version (--all keeps every record). Writes an .npz file with:

    ids             (N,)   str      image ids
    vectors         (N, D) float32  the embeddings
    labels          (N,)   int64    the images' labels, -1 where unlabelled
    model_versions  (N,)   int64    learner step whose weights embedded the image
    methods         (N,)   str      self-supervised method

Debian: apt-get install python3-confluent-kafka python3-avro python3-numpy
  python3 examples/python/consume.py --bootstrap-servers localhost:9092 --out embeddings.npz
  python3 -c "import numpy; d = numpy.load('embeddings.npz'); print(d['vectors'].shape)"
"""
import argparse
import sys
import time
import uuid

import numpy as np
from confluent_kafka import Consumer, KafkaError

from streamssl_wire import add_format_arguments, codec_for


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bootstrap-servers", "-b", default="localhost:9092")
    parser.add_argument("--topic", default="embeddings")
    parser.add_argument("--out", required=True, help="the .npz file to write")
    parser.add_argument("--idle", type=float, default=10.0,
                        help="stop after this many seconds without a record (default 10)")
    parser.add_argument("--max", type=int, default=0, help="stop after this many records (0: no limit)")
    parser.add_argument("--all", action="store_true",
                        help="keep every record, not only the newest version of each id")
    parser.add_argument("--schemas", help="folder of the .avsc files (default: the repository's)")
    add_format_arguments(parser)
    args = parser.parse_args()

    codec = codec_for(args, "EmbeddingRecord", args.topic)
    consumer = Consumer({
        "bootstrap.servers": args.bootstrap_servers,
        "group.id": "streamssl-python-" + uuid.uuid4().hex[:8],
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        "isolation.level": "read_committed",
    })
    consumer.subscribe([args.topic])
    newest, every = {}, []
    read, undecodable = 0, 0
    last = time.time()
    try:
        while args.max == 0 or read < args.max:
            msg = consumer.poll(0.5)
            if msg is None:
                if time.time() - last > args.idle:
                    break
                continue
            if msg.error():
                if msg.error().code() == KafkaError._PARTITION_EOF:
                    continue
                print("kafka: %s" % msg.error(), file=sys.stderr)
                return 1
            last = time.time()
            read += 1
            try:
                e = codec.decode(msg.value())
            except ValueError as err:
                undecodable += 1
                print("skipped offset %d: %s" % (msg.offset(), err), file=sys.stderr)
                continue
            if args.all:
                every.append(e)
            else:
                kept = newest.get(e["id"])
                if kept is None or e["modelVersion"] >= kept["modelVersion"]:
                    newest[e["id"]] = e
    finally:
        consumer.close()

    records = every if args.all else [newest[k] for k in sorted(newest)]
    if not records:
        print("no embeddings on %s after %.0f s" % (args.topic, args.idle), file=sys.stderr)
        return 1
    np.savez(
        args.out,
        ids=np.array([e["id"] for e in records]),
        vectors=np.array([e["vector"] for e in records], dtype=np.float32),
        labels=np.array([-1 if e["label"] is None else e["label"] for e in records], dtype=np.int64),
        model_versions=np.array([e["modelVersion"] for e in records], dtype=np.int64),
        methods=np.array([e["method"] for e in records]),
    )
    versions = [e["modelVersion"] for e in records]
    print("read %d records, wrote %d embeddings of dimension %d (model versions %d-%d) to %s%s" % (
        read, len(records), len(records[0]["vector"]), min(versions), max(versions), args.out,
        ", %d undecodable" % undecodable if undecodable else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
