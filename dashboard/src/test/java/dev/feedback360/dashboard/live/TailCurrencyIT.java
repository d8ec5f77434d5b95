package dev.feedback360.dashboard.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.feedback360.testkit.EmbeddedBroker;
import dev.feedback360.topics.TopicProvisioner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A view is brought up to its topic before an answer that says a team is absent: {@link TailCurrency} says so only
 * once the tail has handed on every record the topic held when asked, and not while the tail is behind.
 */
class TailCurrencyIT {

  @RegisterExtension
  static final EmbeddedBroker BROKER = new EmbeddedBroker();

  /** Records what the tail hands on; blocks on a value "slow" until released. */
  private static final class SlowListener implements ScoresTail.Listener {
    final List<String> values = new CopyOnWriteArrayList<>();
    final CountDownLatch ready = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public void onReady() {
      ready.countDown();
    }

    @Override
    public void onChange(String key, String json) {
      if (json.equals("slow")) {
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      values.add(json);
    }

    @Override
    public void onDeleted(String key) {
      values.add("deleted " + key);
    }
  }

  @Test
  void shouldSayTheViewIsCurrentOnlyOnceItsTailHandedOnEveryRecordTheTopicHeldWhenAsked() throws Exception {
    String topic = "tail-currency";
    SlowListener listener = new SlowListener();
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers());
    try (Admin admin = BROKER.admin();
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BROKER.bootstrapServers()),
            new StringSerializer(), new StringSerializer())) {
      List<NewTopic> created = List.of(new NewTopic(topic, 2, (short) 1));
      admin.createTopics(created).all().get();
      TopicProvisioner.awaitLeaders(admin, created, Duration.ofSeconds(30));
      producer.send(new ProducerRecord<>(topic, 0, "C/T0", "before")).get();
      try (ScoresTail tail = ScoresTail.replay(consumer, topic, listener)) {
        assertThat(listener.ready.await(60, TimeUnit.SECONDS)).isTrue();
        TailCurrency currency = new TailCurrency(admin, tail, topic);
        assertThat(currency.await(Duration.ofSeconds(10))).isTrue();
        assertThat(listener.values).containsExactly("before");

        // Written before the call: handed on by the time the call says current.
        producer.send(new ProducerRecord<>(topic, 1, "C/T1", "fast")).get();
        assertThat(currency.await(Duration.ofSeconds(10))).isTrue();
        assertThat(listener.values).containsExactly("before", "fast");

        // The tail is stuck on a record: not current, until it has handed that record on.
        producer.send(new ProducerRecord<>(topic, 0, "C/T2", "slow")).get();
        assertThat(currency.await(Duration.ofMillis(500))).isFalse();
        listener.release.countDown();
        assertThat(currency.await(Duration.ofSeconds(10))).isTrue();
        assertThat(listener.values).containsExactly("before", "fast", "slow");
      } finally {
        listener.release.countDown();
      }
    }
  }
}
