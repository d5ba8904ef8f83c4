package dev.streamssl.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamssl.consumers.eval.EmbeddingTopicReader;
import dev.streamssl.producers.data.SamplePhotos;
import dev.streamssl.producers.data.SyntheticImages;
import dev.streamssl.schemas.EmbeddingRecord;
import dev.streamssl.schemas.ImageRecord;
import dev.streamssl.schemas.RegistryCodec;
import dev.streamssl.schemas.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python clients in {@code examples/python}, run with Debian's python3 and its Kafka and Avro
 * packages against the real broker and job: {@code publish.py} sends a folder of photos (the job
 * decodes and embeds every one, with the labels and class names it gave, so Java read what Python
 * wrote), {@code consume.py} reads the embeddings topic into NumPy arrays that hold exactly the
 * vectors the job wrote (Python read what Java wrote).
 */
class PythonClientsITCase {
    private static final Path EXAMPLES = Python.EXAMPLES;
    private static final List<String> CLASSES = List.of("disc", "ring", "cross");

    @TempDir Path work;

    @Test
    void publishesFromPythonAndReadsTheEmbeddingsIntoNumPy() throws Exception {
        Python.Run check = python("-c", "import confluent_kafka, avro, numpy");
        assertThat(check.exit())
                .as(
                        "the Python examples need Debian's python3-confluent-kafka, python3-avro"
                                + " and python3-numpy (.ci/run installs them): "
                                + check.output())
                .isZero();

        Path photos = work.resolve("photos");
        SamplePhotos.write(
                photos,
                new SyntheticImages(40, 3, "s"),
                CLASSES,
                new SamplePhotos.Options(4, 320, 240, false, 5));
        Files.write(photos.resolve("disc/empty.jpg"), new byte[0]);
        Files.writeString(photos.resolve("ring/notes.txt"), "not a photo");

        Map<String, String> options = SmallJob.rgbOptions(work.resolve("checkpoints"), 4);
        try (LocalStack stack = LocalStack.start(options)) {
            stack.startJob();
            String bootstrap = stack.kafka().bootstrapServers();

            Python.Run published =
                    python(
                            EXAMPLES.resolve("publish.py").toString(),
                            "-b",
                            bootstrap,
                            "--dir",
                            photos.toString(),
                            "--labels-from-folders",
                            "--split",
                            "train");
            assertThat(published.exit()).as(published.output()).isZero();
            assertThat(published.output())
                    .contains("published 12 images to images, skipped 2")
                    .contains("classes: 0=cross, 1=disc, 2=ring")
                    .contains("disc/empty.jpg: empty file")
                    .contains("ring/notes.txt: not a JPEG, PNG or WebP file");

            Properties client = stack.kafka().clientProperties();
            Map<String, Integer> keys =
                    TopicKeys.count(
                            client, "embeddings", 12, Duration.ofSeconds(4), Duration.ofMinutes(3));
            assertThat(keys).hasSize(12);
            assertThat(keys.values()).containsOnly(1);
            assertThat(TopicKeys.deadLetters(client))
                    .as("every record Python wrote was read by the job")
                    .isEmpty();
            Map<String, EmbeddingRecord> java = new HashMap<>();
            for (EmbeddingRecord e :
                    new EmbeddingTopicReader(client, "embeddings", WireFormat.singleObject())
                            .read(r -> r.size() >= 12, null, Duration.ofMinutes(1), null)) {
                java.put(e.getId(), e);
                String folder = e.getId().substring(0, e.getId().indexOf('/'));
                assertThat(e.getLabel())
                        .as(e.getId())
                        .isEqualTo(List.of("cross", "disc", "ring").indexOf(folder));
                assertThat(e.getTags())
                        .containsEntry("class", folder)
                        .containsEntry("split", "train");
            }

            Path npz = work.resolve("embeddings.npz");
            Python.Run consumed =
                    python(
                            EXAMPLES.resolve("consume.py").toString(),
                            "-b",
                            bootstrap,
                            "--out",
                            npz.toString(),
                            "--idle",
                            "5");
            assertThat(consumed.exit()).as(consumed.output()).isZero();
            assertThat(consumed.output()).contains("wrote 12 embeddings of dimension 128");

            Python.Run dumped =
                    python(
                            "-c",
                            "import json, sys, numpy\n"
                                    + "d = numpy.load(sys.argv[1])\n"
                                    + "print(json.dumps({'ids': d['ids'].tolist(),"
                                    + " 'labels': d['labels'].tolist(),"
                                    + " 'versions': d['model_versions'].tolist(),"
                                    + " 'vectors': d['vectors'].tolist()}))",
                            npz.toString());
            assertThat(dumped.exit()).as(dumped.output()).isZero();
            JsonNode arrays = new ObjectMapper().readTree(dumped.output());
            assertThat(arrays.get("ids")).hasSize(12);
            for (int i = 0; i < 12; i++) {
                EmbeddingRecord e = java.get(arrays.get("ids").get(i).asText());
                assertThat(e).as(arrays.get("ids").get(i).asText()).isNotNull();
                assertThat(arrays.get("labels").get(i).asInt()).isEqualTo(e.getLabel());
                assertThat(arrays.get("versions").get(i).asLong()).isEqualTo(e.getModelVersion());
                JsonNode vector = arrays.get("vectors").get(i);
                assertThat(vector).hasSize(e.getVector().size());
                for (int j = 0; j < vector.size(); j++) {
                    assertThat(vector.get(j).floatValue())
                            .isCloseTo(e.getVector().get(j), within(0f));
                }
            }
        }
    }

    /**
     * The registry framing between Python and Java, over one set of schema ids assigned by
     * Confluent's registry code: Python's avro library reads an embedding Java framed, and Java
     * reads an image Python framed under another producer's schema with an added optional field.
     * (No registry server installs here, so Python looks the ids up in the registry's answers,
     * saved to a file; its HTTP client is the same two calls the Java client makes.)
     */
    @Test
    void pythonAndJavaReadEachOthersRegistryFraming() throws Exception {
        ConfluentInMemoryRegistry registry = new ConfluentInMemoryRegistry();
        RegistryCodec<EmbeddingRecord> embeddings =
                new RegistryCodec<>(EmbeddingRecord.getClassSchema(), "embeddings-value", registry);
        EmbeddingRecord written =
                EmbeddingRecord.newBuilder()
                        .setId("py-1")
                        .setTimestampMs(5L)
                        .setMethod("dino")
                        .setModelVersion(9L)
                        .setVector(List.of(0.5f, -2.0f))
                        .setCluster(3)
                        .setLabel(null)
                        .setTags(Map.of("split", "test"))
                        .setEmbedderSubtask(0)
                        .build();
        Files.write(work.resolve("embedding.bin"), embeddings.encode(written));
        String extended = ConfluentInMemoryRegistry.imageSchemaWithCamera();
        int imageId =
                registry.register(
                        "images-value", new org.apache.avro.Schema.Parser().parse(extended));
        int embeddingId = registry.register("embeddings-value", EmbeddingRecord.getClassSchema());
        Files.writeString(
                work.resolve("registry.json"),
                new ObjectMapper()
                        .writeValueAsString(
                                Map.of(
                                        String.valueOf(embeddingId),
                                        EmbeddingRecord.getClassSchema().toString(),
                                        String.valueOf(imageId),
                                        extended)));

        Python.Run run =
                python(
                        "-c",
                        "import json, sys, avro.schema\n"
                                + "from streamssl_wire import RegistryCodec, load_schema\n"
                                + "work = sys.argv[1]\n"
                                + "ids = {int(k): avro.schema.parse(v) for k, v in"
                                + " json.load(open(work + '/registry.json')).items()}\n"
                                + "class Answers:\n"
                                + "    def schema(self, i): return ids[i]\n"
                                + "    def register(self, subject, schema):\n"
                                + "        return next(i for i, s in ids.items() if s == schema)\n"
                                + "e = RegistryCodec(load_schema('EmbeddingRecord'),"
                                + " 'embeddings-value', Answers()).decode("
                                + "open(work + '/embedding.bin', 'rb').read())\n"
                                + "print(json.dumps({'id': e['id'], 'vector': e['vector'],"
                                + " 'cluster': e['cluster'], 'label': e['label']}))\n"
                                + "image = RegistryCodec(ids["
                                + imageId
                                + "], 'images-value', Answers())\n"
                                + "open(work + '/image.bin', 'wb').write(image.encode({'id': 'py-cam',"
                                + " 'timestampMs': 1, 'encoding': 'JPEG', 'width': 1, 'height': 1,"
                                + " 'channels': 3, 'data': b'xyz', 'label': 1, 'tags': {},"
                                + " 'source': 'a.jpg', 'camera': 'X100V'}))\n",
                        work.toString());
        assertThat(run.exit()).as(run.output()).isZero();
        JsonNode read = new ObjectMapper().readTree(run.output());
        assertThat(read.get("id").asText()).isEqualTo("py-1");
        assertThat(read.get("vector").get(1).floatValue()).isEqualTo(-2.0f);
        assertThat(read.get("cluster").asInt()).isEqualTo(3);
        assertThat(read.get("label").isNull()).isTrue();

        byte[] image = Files.readAllBytes(work.resolve("image.bin"));
        assertThat(image[0]).isZero();
        assertThat(java.nio.ByteBuffer.wrap(image, 1, 4).getInt()).isEqualTo(imageId);
        ImageRecord fromPython =
                new RegistryCodec<ImageRecord>(
                                ImageRecord.getClassSchema(), "images-value", registry)
                        .decode(image);
        assertThat(fromPython.getId()).isEqualTo("py-cam");
        assertThat(fromPython.getSource()).isEqualTo("a.jpg");
        assertThat(fromPython.getData().remaining()).isEqualTo(3);
    }

    private Python.Run python(String... args) throws IOException, InterruptedException {
        return Python.run(work, args);
    }
}
