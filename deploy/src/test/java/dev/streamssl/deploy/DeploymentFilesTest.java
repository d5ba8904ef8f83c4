package dev.streamssl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamssl.job.config.InputOptions;
import dev.streamssl.job.config.JobArguments;
import dev.streamssl.job.config.JobSettings;
import dev.streamssl.job.config.KafkaOptions;
import dev.streamssl.job.config.LearnerOptions;
import dev.streamssl.schemas.RecordLimits;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.server.config.AbstractKafkaConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The files for users' own infrastructure (docker-compose, the Dockerfile, the Kubernetes
 * manifests, the standalone launcher's generated config) cannot run here (no container engine), so
 * what can be checked is checked: they parse; every Flink key is one Flink defines and every Kafka
 * key one Kafka defines; every path and jar name they use is one the build produces; the job
 * configuration they pass is accepted by the job's own validator; topics and versions agree with
 * the job and the build.
 */
class DeploymentFilesTest {
    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent();
    private static final Path DEPLOY = REPOSITORY.resolve("deploy");

    private static FlinkConfigKeys flinkKeys;

    @TempDir Path scratch;

    @BeforeAll
    static void scanFlink() throws Exception {
        flinkKeys = new FlinkConfigKeys();
    }

    @Test
    void theKeyCheckKnowsFlinkAndRejectsTypos() {
        assertThat(flinkKeys.size()).isGreaterThan(500);
        assertThat(flinkKeys.isKnown("taskmanager.numberOfTaskSlots")).isTrue();
        assertThat(flinkKeys.isKnown("execution.checkpointing.dir")).isTrue();
        assertThat(flinkKeys.isKnown("metrics.reporter.prom.port")).isTrue();
        assertThat(flinkKeys.isKnown("external-resource.gpu.param.discovery-script.path")).isTrue();
        assertThat(
                        flinkKeys.unknown(
                                List.of("taskmanager.numberOfTaskSlot", "state.checkpoints.dirs")))
                .hasSize(2);
        assertThat(flinkKeys.isKnown("metrics.reporter.prom.prot")).isFalse();
        assertThat(flinkKeys.isKnown("external-resource.gpu.amonut")).isFalse();
    }

    @Test
    void composeFilesUseOnlyRealFlinkKeys() throws IOException {
        for (String file : List.of("docker-compose.yml", "docker-compose.gpu.yml")) {
            Map<String, Object> services = section(yaml(DEPLOY.resolve(file)), "services");
            for (String service : services.keySet()) {
                Map<String, Object> properties = flinkProperties(services, service);
                assertThat(flinkKeys.unknown(properties.keySet()))
                        .as("unknown Flink keys in %s, service %s", file, service)
                        .isEmpty();
            }
        }
    }

    @Test
    void kubernetesDeploymentUsesOnlyRealFlinkKeys() throws IOException {
        Map<String, Object> deployment = flinkDeployment();
        Map<String, Object> configuration =
                section(section(deployment, "spec"), "flinkConfiguration");
        assertThat(configuration).isNotEmpty();
        assertThat(flinkKeys.unknown(configuration.keySet())).isEmpty();
        assertThat(configuration)
                .containsEntry("external-resources", "gpu")
                .containsEntry("external-resource.gpu.kubernetes.config-key", "nvidia.com/gpu")
                .containsKey("execution.checkpointing.dir")
                .containsKey("execution.checkpointing.savepoint-dir")
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    }

    @Test
    void standaloneLauncherWritesOnlyRealFlinkKeys() throws Exception {
        Process process =
                new ProcessBuilder(
                                DEPLOY.resolve("cluster/standalone.sh").toString(),
                                "print-config",
                                "-D",
                                "parallelism.default=2")
                        .redirectErrorStream(true)
                        .start();
        String config = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(config).isZero();
        Map<String, Object> keys = new Yaml(new SafeConstructor(new LoaderOptions())).load(config);
        assertThat(keys).containsEntry("parallelism.default", 2).containsKey("rest.port");
        assertThat(flinkKeys.unknown(keys.keySet())).isEmpty();
    }

    /** The YAML blocks the README and docs/deployment.md tell users to put in Flink's config. */
    @Test
    void documentedFlinkSettingsAreRealFlinkKeys() throws IOException {
        int blocks = 0;
        for (Path doc :
                List.of(
                        REPOSITORY.resolve("README.md"),
                        REPOSITORY.resolve("docs/deployment.md"))) {
            Matcher block =
                    Pattern.compile(
                                    "```yaml\\s*\\n\\s*# Flink config.yaml\\n(.*?)```",
                                    Pattern.DOTALL)
                            .matcher(Files.readString(doc));
            while (block.find()) {
                String body = block.group(1).replaceAll("(?m)^ +", "");
                Map<String, Object> keys =
                        new Yaml(new SafeConstructor(new LoaderOptions())).load(body);
                assertThat(flinkKeys.unknown(keys.keySet())).as("%s: %s", doc, body).isEmpty();
                blocks++;
            }
        }
        assertThat(blocks).isGreaterThanOrEqualTo(4);
    }

    @Test
    void composeKafkaSettingsAreRealBrokerSettings() throws IOException {
        Map<String, Object> kafka = section(section(compose(), "services"), "kafka");
        Map<String, Object> environment = section(kafka, "environment");
        Set<String> brokerKeys = AbstractKafkaConfig.CONFIG_DEF.names();
        List<String> unknown = new ArrayList<>();
        for (String variable : environment.keySet()) {
            if (variable.equals("CLUSTER_ID")) {
                // the image formats its storage with this id; Kafka requires a base64 UUID
                Uuid.fromString(String.valueOf(environment.get(variable)));
            } else if (!variable.startsWith("KAFKA_")
                    || !brokerKeys.contains(brokerKey(variable))) {
                unknown.add(variable);
            }
        }
        assertThat(unknown).isEmpty();
        assertThat(brokerKeys).doesNotContain(brokerKey("KAFKA_NODE_IDS"));
    }

    @Test
    void kubernetesTopicsUseRealTopicSettingsAndTheJobsTopicNames() throws Exception {
        Set<String> topicConfigs = new HashSet<>();
        for (Field field : TopicConfig.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_CONFIG")) {
                topicConfigs.add((String) field.get(null));
            }
        }
        Set<String> names = new TreeSet<>();
        for (Object document : yamlAll(DEPLOY.resolve("kubernetes/kafka-topics.yaml"))) {
            Map<String, Object> topic = asMap(document);
            assertThat(topic).containsEntry("kind", "KafkaTopic");
            Map<String, Object> spec = section(topic, "spec");
            names.add((String) spec.get("topicName"));
            assertThat(topicConfigs).containsAll(section(spec, "config").keySet());
        }
        assertThat(names).isEqualTo(jobTopics(kubernetesJobSettings()));
    }

    @Test
    void composeCreatesTheTopicsTheJobUses() throws Exception {
        String command =
                String.join(
                        "\n",
                        stringList(section(section(compose(), "services"), "topics"), "command"));
        Matcher loop = Pattern.compile("for topic in ([^;]+);").matcher(command);
        assertThat(loop.find()).as(command).isTrue();
        Set<String> created = new TreeSet<>();
        for (String topicAndPartitions : loop.group(1).trim().split("\\s+")) {
            created.add(topicAndPartitions.substring(0, topicAndPartitions.indexOf(':')));
        }
        // the images topic is created on its own line, with its record size
        Matcher single = Pattern.compile("--topic ([a-z-]+) ").matcher(command);
        while (single.find()) {
            created.add(single.group(1));
        }
        assertThat(created).isEqualTo(jobTopics(composeJobSettings()));
    }

    /**
     * Every way of starting a TaskManager keeps libtorch's freed tensors in malloc's one arena (the
     * launcher's values): without them a training step is about three times slower.
     */
    @Test
    void everyTaskManagerKeepsFreedTensorsInOneArena() throws IOException {
        String launcher = Files.readString(REPOSITORY.resolve("streamssl"));
        Matcher tunables = Pattern.compile("default_env GLIBC_TUNABLES (\\S+)").matcher(launcher);
        assertThat(tunables.find()).as("the launcher sets GLIBC_TUNABLES").isTrue();
        String value = tunables.group(1);
        assertThat(value)
                .contains("glibc.malloc.mmap_threshold=")
                .contains("glibc.malloc.trim_threshold=");
        assertThat(launcher)
                .contains("default_env MALLOC_ARENA_MAX 1")
                .contains("default_env OMP_WAIT_POLICY PASSIVE");
        for (String file :
                List.of(
                        "cluster/standalone.sh",
                        "docker/Dockerfile",
                        "docker-compose.yml",
                        "kubernetes/flink-deployment.yaml")) {
            String text = Files.readString(DEPLOY.resolve(file));
            assertThat(text)
                    .as(file)
                    .contains(value)
                    .contains("MALLOC_ARENA_MAX")
                    .contains("OMP_WAIT_POLICY");
        }
        assertThat(Files.readString(REPOSITORY.resolve("pom.xml")))
                .contains("<GLIBC_TUNABLES>" + value + "</GLIBC_TUNABLES>")
                .contains("<MALLOC_ARENA_MAX>1</MALLOC_ARENA_MAX>")
                .contains("<OMP_WAIT_POLICY>PASSIVE</OMP_WAIT_POLICY>");
    }

    /**
     * Compose's and Kubernetes' images topics take the records the publishing tools send
     * (max.request.size) and the job accepts (input.max-bytes): Kafka's 1 MB default would refuse a
     * camera JPEG.
     */
    @Test
    void imagesTopicsTakeRecordsAsLargeAsTheJobAccepts() throws Exception {
        String expected = String.valueOf(RecordLimits.IMAGE_RECORD_BYTES);
        String command =
                String.join(
                        "\n",
                        stringList(section(section(compose(), "services"), "topics"), "command"));
        assertThat(command).contains("--topic images ").contains("max.message.bytes=" + expected);
        boolean found = false;
        for (Object document : yamlAll(DEPLOY.resolve("kubernetes/kafka-topics.yaml"))) {
            Map<String, Object> spec = section(asMap(document), "spec");
            if ("images".equals(spec.get("topicName"))) {
                assertThat(String.valueOf(section(spec, "config").get("max.message.bytes")))
                        .isEqualTo(expected);
                found = true;
            }
        }
        assertThat(found).isTrue();
    }

    @Test
    void composeMountsWhatTheBuildProduces() throws IOException {
        Map<String, Object> services = section(compose(), "services");
        int mounts = 0;
        for (String service : services.keySet()) {
            for (String volume : stringList(section(services, service), "volumes")) {
                String source = volume.substring(0, volume.indexOf(':'));
                if (source.startsWith(".")) {
                    assertThat(DEPLOY.resolve(source).normalize())
                            .as("%s mounts %s", service, source)
                            .exists();
                    mounts++;
                }
            }
        }
        assertThat(mounts).isGreaterThanOrEqualTo(5);
    }

    @Test
    void dockerfileCopiesWhatTheBuildProducesToWhereKubernetesLooks() throws IOException {
        List<String> lines = Files.readAllLines(DEPLOY.resolve("docker/Dockerfile"));
        Map<String, String> copies = new LinkedHashMap<>();
        for (String line : lines) {
            if (line.startsWith("COPY ")) {
                String[] parts = line.substring(5).trim().split("\\s+");
                copies.put(parts[1], parts[0]);
                assertThat(REPOSITORY.resolve(parts[0])).as(line).exists();
            }
        }
        String jarUri = (String) section(section(flinkDeployment(), "spec"), "job").get("jarURI");
        assertThat(jarUri).startsWith("local://");
        assertThat(copies).containsKey(jarUri.substring("local://".length()));
        assertThat(copies.get(jarUri.substring("local://".length())))
                .endsWith("-job.jar")
                .contains(projectVersion());
        assertThat(copies.values()).contains("flink-job/target/flink-lib/");
    }

    @Test
    void jobConfigurationsPassTheJobsValidator() throws Exception {
        JobSettings example =
                JobArguments.parse(
                        new String[] {"--config", DEPLOY.resolve("config/job.yaml").toString()});
        assertThat(jobTopics(example)).hasSize(4);
        assertThat(composeJobSettings().get(KafkaOptions.BOOTSTRAP_SERVERS))
                .isEqualTo("kafka:19092");
        assertThat(kubernetesJobSettings().get(KafkaOptions.BOOTSTRAP_SERVERS))
                .isEqualTo("kafka-kafka-bootstrap:9092");
    }

    @Test
    void imagesAreOfTheVersionsTheBuildUses() throws IOException {
        String flinkImage = "flink:" + EnvironmentInformation.getVersion() + "-java17";
        String kafkaImage = "apache/kafka:" + AppInfoParser.getVersion();
        Map<String, Object> services = section(compose(), "services");
        for (String service : List.of("jobmanager", "taskmanager", "submit")) {
            assertThat(section(services, service)).containsEntry("image", flinkImage);
        }
        for (String service : List.of("kafka", "topics")) {
            assertThat(section(services, service)).containsEntry("image", kafkaImage);
        }
        assertThat(Files.readAllLines(DEPLOY.resolve("docker/Dockerfile")))
                .contains("FROM " + flinkImage);
    }

    @Test
    void gpuVariantKeepsEveryBaseSettingAndAddsTheGpu() throws IOException {
        Map<String, Object> base = flinkProperties(section(compose(), "services"), "taskmanager");
        Map<String, Object> gpuServices =
                section(yaml(DEPLOY.resolve("docker-compose.gpu.yml")), "services");
        Map<String, Object> gpu = flinkProperties(gpuServices, "taskmanager");
        assertThat(gpu).containsAllEntriesOf(base);
        assertThat(gpu)
                .containsEntry("external-resources", "gpu")
                .containsEntry(
                        "external-resource.gpu.driver-factory.class",
                        "org.apache.flink.externalresource.gpu.GPUDriverFactory");
        String devices = section(gpuServices, "taskmanager").get("deploy").toString();
        assertThat(devices).contains("driver=nvidia").contains("capabilities=[gpu]");
    }

    /**
     * Where a manifest asks for GPUs, the job it runs is the RGB ResNet-18 recipe with one learner
     * per GPU TaskManager: Kubernetes' learners each ask for the one GPU a TaskManager has, and
     * compose's one GPU TaskManager runs one learner; spec.job.parallelism, which no operator of
     * the job reads, is not there.
     */
    @Test
    void gpuDeploymentsRunOneRgbResNetLearnerPerGpuTaskManager() throws Exception {
        Map<String, Object> spec = section(flinkDeployment(), "spec");
        Map<String, Object> flink = section(spec, "flinkConfiguration");
        JobSettings kubernetes = kubernetesJobSettings();
        assertRgbResNet(kubernetes);
        assertThat(kubernetes.learnerParallelism()).isGreaterThan(1);
        assertThat(kubernetes.get(LearnerOptions.SLOT_GPUS))
                .isEqualTo(
                        Integer.parseInt(
                                String.valueOf(flink.get("external-resource.gpu.amount"))));
        assertThat(section(spec, "job")).doesNotContainKey("parallelism");
        int partitions = 0;
        for (Object document : yamlAll(DEPLOY.resolve("kubernetes/kafka-topics.yaml"))) {
            Map<String, Object> topic = section(asMap(document), "spec");
            if ("images".equals(topic.get("topicName"))) {
                partitions = (Integer) topic.get("partitions");
            }
        }
        assertThat(partitions % kubernetes.learnerParallelism())
                .as("each learner reads as many partitions")
                .isZero();

        Map<String, Object> gpuServices =
                section(yaml(DEPLOY.resolve("docker-compose.gpu.yml")), "services");
        String mount = stringList(section(gpuServices, "submit"), "volumes").get(0);
        String[] parts = mount.split(":");
        assertThat(parts[1]).isEqualTo("/opt/streamssl/job.yaml");
        JobSettings compose =
                JobArguments.parse(
                        new String[] {"--config", DEPLOY.resolve(parts[0]).normalize().toString()});
        assertRgbResNet(compose);
        assertThat(compose.learnerParallelism()).isEqualTo(1);
    }

    private static void assertRgbResNet(JobSettings s) {
        assertThat(s.get(InputOptions.CHANNELS)).isEqualTo(3);
        assertThat(s.get(LearnerOptions.ARCHITECTURE)).isEqualTo("resnet18");
    }

    /** The compose file's example commands use options the command line has. */
    @Test
    void composeExamplesUseTheToolsRealOptions() throws IOException {
        Matcher example =
                Pattern.compile("\\./streamssl publish ([^\\n]*)")
                        .matcher(Files.readString(DEPLOY.resolve("docker-compose.yml")));
        assertThat(example.find()).isTrue();
        picocli.CommandLine publish =
                new picocli.CommandLine(new dev.streamssl.cli.StreamsslCli())
                        .getSubcommands()
                        .get("publish");
        Matcher option = Pattern.compile("(--?[a-z][a-z-]*)").matcher(example.group(1));
        int checked = 0;
        while (option.find()) {
            assertThat(publish.getCommandSpec().findOption(option.group(1)))
                    .as(option.group(1))
                    .isNotNull();
            checked++;
        }
        assertThat(checked).isPositive();
    }

    // ---- the job configuration each deployment passes ------------------------------------

    /** compose: the submit service's arguments, the container path mapped back to the file. */
    private JobSettings composeJobSettings() throws IOException {
        Map<String, Object> submit = section(section(compose(), "services"), "submit");
        String command = String.join("\n", stringList(submit, "command"));
        String flinkRun = command.substring(command.indexOf("flink run")).replace("\\\n", " ");
        List<String> words = List.of(flinkRun.trim().split("\\s+"));
        List<String> args = new ArrayList<>(words.subList(words.indexOf("--config"), words.size()));
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : stringList(submit, "volumes")) {
            String[] parts = volume.split(":");
            mounts.put(parts[1], parts[0]);
        }
        String containerPath = args.get(1);
        assertThat(mounts).as("the job's config is mounted").containsKey(containerPath);
        args.set(1, DEPLOY.resolve(mounts.get(containerPath)).normalize().toString());
        return JobArguments.parse(args.toArray(new String[0]));
    }

    /** Kubernetes: the ConfigMap's job.yaml at the path the FlinkDeployment's args name. */
    private JobSettings kubernetesJobSettings() throws IOException {
        Map<String, Object> configMap = asMap(yaml(DEPLOY.resolve("kubernetes/job-config.yaml")));
        String configMapName = (String) section(configMap, "metadata").get("name");
        Map<String, Object> spec = section(flinkDeployment(), "spec");
        List<String> args = stringList(section(spec, "job"), "args");
        String path = args.get(args.indexOf("--config") + 1);
        String mountPath = configMountPath(section(spec, "podTemplate"), configMapName);
        assertThat(path).startsWith(mountPath + "/");
        String key = path.substring(mountPath.length() + 1);
        Path file = scratch.resolve(key);
        Files.writeString(file, (String) section(configMap, "data").get(key));
        List<String> local = new ArrayList<>(args);
        local.set(local.indexOf("--config") + 1, file.toString());
        return JobArguments.parse(local.toArray(new String[0]));
    }

    private static String configMountPath(Map<String, Object> podTemplate, String configMap) {
        Map<String, Object> podSpec = section(podTemplate, "spec");
        String volume = null;
        for (Object v : (List<?>) podSpec.get("volumes")) {
            Map<String, Object> candidate = asMap(v);
            if (candidate.containsKey("configMap")
                    && configMap.equals(section(candidate, "configMap").get("name"))) {
                volume = (String) candidate.get("name");
            }
        }
        assertThat(volume).as("a volume from ConfigMap %s", configMap).isNotNull();
        for (Object c : (List<?>) podSpec.get("containers")) {
            for (Object m : (List<?>) asMap(c).get("volumeMounts")) {
                if (volume.equals(asMap(m).get("name"))) {
                    return (String) asMap(m).get("mountPath");
                }
            }
        }
        throw new AssertionError("volume " + volume + " is not mounted");
    }

    private static Set<String> jobTopics(JobSettings settings) {
        Set<String> topics = new TreeSet<>();
        topics.add(settings.get(KafkaOptions.IMAGES_TOPIC));
        topics.add(settings.get(KafkaOptions.EMBEDDINGS_TOPIC));
        topics.add(settings.get(KafkaOptions.DEAD_LETTER_TOPIC));
        topics.add(settings.get(KafkaOptions.METRICS_TOPIC));
        assertThat(topics).as("four distinct topics").hasSize(4);
        return topics;
    }

    // ---- YAML -------------------------------------------------------------------------------

    private static Map<String, Object> compose() throws IOException {
        return asMap(yaml(DEPLOY.resolve("docker-compose.yml")));
    }

    private static Map<String, Object> flinkDeployment() throws IOException {
        Map<String, Object> deployment =
                asMap(yaml(DEPLOY.resolve("kubernetes/flink-deployment.yaml")));
        assertThat(deployment).containsEntry("kind", "FlinkDeployment");
        return deployment;
    }

    private static Map<String, Object> flinkProperties(Map<String, Object> services, String name) {
        Map<String, Object> service = section(services, name);
        Object environment = service.get("environment");
        if (environment == null || asMap(environment).get("FLINK_PROPERTIES") == null) {
            return Map.of();
        }
        Map<String, Object> properties =
                new Yaml(new SafeConstructor(new LoaderOptions()))
                        .load((String) asMap(environment).get("FLINK_PROPERTIES"));
        return properties;
    }

    /**
     * The apache/kafka image's mapping: {@code _} is {@code .}, {@code __} {@code _}, {@code ___}
     * {@code -}.
     */
    private static String brokerKey(String variable) {
        return variable.substring("KAFKA_".length())
                .toLowerCase()
                .replace("___", "\u0001")
                .replace("__", "\u0002")
                .replace('_', '.')
                .replace('\u0001', '-')
                .replace('\u0002', '_');
    }

    private static Object yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
    }

    private static List<Object> yamlAll(Path file) throws IOException {
        List<Object> documents = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(in).forEach(documents::add);
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object node) {
        assertThat(node).isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> section(Object node, String key) {
        Map<String, Object> map = asMap(node);
        assertThat(map).as("has '%s'", key).containsKey(key);
        return asMap(map.get(key));
    }

    private static List<String> stringList(Map<String, Object> node, String key) {
        Object value = node.get(key);
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.forEach(v -> out.add(String.valueOf(v)));
        } else if (value != null) {
            out.add(String.valueOf(value));
        }
        return out;
    }

    private static String projectVersion() throws IOException {
        String pom = Files.readString(REPOSITORY.resolve("pom.xml"));
        Matcher version =
                Pattern.compile("<artifactId>streamssl-parent</artifactId>\\s*<version>([^<]+)<")
                        .matcher(pom);
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
