package dev.streamssl.stack;

import java.util.Properties;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in this JVM: one combined KRaft controller+broker from Kafka's own test kit,
 * listening on a free loopback port. Internal topics get one partition and replication 1 so the
 * broker and the job start in seconds.
 */
public final class EmbeddedKafka implements AutoCloseable {
    /** The user and password of the SASL/PLAIN listener: Kafka's test kit fixes them. */
    public static final String SASL_USER = "plain-admin";

    public static final String SASL_PASSWORD = "plain-admin-secret";

    private final KafkaClusterTestKit cluster;
    private final Properties security;

    private EmbeddedKafka(KafkaClusterTestKit cluster, Properties security) {
        this.cluster = cluster;
        this.security = security;
    }

    public static EmbeddedKafka start() throws Exception {
        return start(SecurityProtocol.PLAINTEXT);
    }

    /**
     * A broker whose client listener takes SASL/PLAIN only (user {@link #SASL_USER}, a super user),
     * as a secured production cluster would: for testing that the job and the tools authenticate
     * with a properties file and keep its secrets out of their output.
     */
    public static EmbeddedKafka startWithSaslPlain() throws Exception {
        return start(SecurityProtocol.SASL_PLAINTEXT);
    }

    private static EmbeddedKafka start(SecurityProtocol protocol) throws Exception {
        TestKitNodes nodes =
                new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerSecurityProtocol(protocol)
                        // with SASL the test kit turns on an authorizer: the controller's
                        // listener must authenticate its peers too
                        .setControllerSecurityProtocol(protocol)
                        // the builder's default is an unstable testing version
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build();
        KafkaClusterTestKit cluster =
                new KafkaClusterTestKit.Builder(nodes)
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("transaction.state.log.num.partitions", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "false")
                        .build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        Properties security = new Properties();
        if (protocol == SecurityProtocol.SASL_PLAINTEXT) {
            security.setProperty("security.protocol", protocol.name);
            security.setProperty("sasl.mechanism", "PLAIN");
            security.setProperty(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                            + SASL_USER
                            + "\" password=\""
                            + SASL_PASSWORD
                            + "\";");
        }
        return new EmbeddedKafka(cluster, security);
    }

    /** The client settings a secured broker needs (empty for plaintext): a properties file's. */
    public Properties securityProperties() {
        Properties p = new Properties();
        p.putAll(security);
        return p;
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /** Client properties for this broker: bootstrap.servers and, when secured, SASL. */
    public Properties clientProperties() {
        Properties p = securityProperties();
        p.setProperty("bootstrap.servers", bootstrapServers());
        return p;
    }

    /**
     * Stops the broker, waits {@code down}, and starts it again on the same port (the test kit
     * binds its ports once), as a broker restart in production would; the controller stays up.
     */
    public void restartBroker(java.time.Duration down) throws Exception {
        for (var broker : cluster.brokers().values()) {
            broker.shutdown();
            broker.awaitShutdown();
        }
        Thread.sleep(down.toMillis());
        for (var broker : cluster.brokers().values()) {
            broker.startup();
        }
        cluster.waitForReadyBrokers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
