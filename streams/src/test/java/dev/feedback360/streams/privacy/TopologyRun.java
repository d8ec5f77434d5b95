package dev.feedback360.streams.privacy;

import dev.feedback360.avro.Nomination;
import dev.feedback360.avro.ResponseKey;
import dev.feedback360.avro.SurveyResponse;
import dev.feedback360.avro.TeamKey;
import dev.feedback360.avro.TeamScores;
import dev.feedback360.schemas.AvroSerdes;
import dev.feedback360.streams.app.StreamsSettings;
import dev.feedback360.streams.privacy.PublicationChecker.Published;
import dev.feedback360.streams.scoring.ScoringConfig;
import dev.feedback360.streams.topology.Roster;
import dev.feedback360.streams.topology.TeamScoresTopology;
import dev.feedback360.topics.KafkaConnection;
import dev.feedback360.topics.TopicSettings;
import dev.feedback360.topics.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * Drives sequences through the real topology, one test driver per batch (each sequence has its own cycle, so they
 * never meet), and collects every record of team-scores and team-scores-json with the input record it followed.
 */
final class TopologyRun {

  private static final Topics TOPICS = Topics.defaults();

  private TopologyRun() {}

  /** Per sequence (same order), the records published while it was fed (open roster). */
  static List<List<Published>> run(List<Sequence> sequences, ScoringConfig scoring, Path stateDir, int batchSize) {
    return run(sequences, scoring, stateDir, batchSize, Roster.OPEN);
  }

  /**
   * The same under the given roster mode ({@code streams --roster}); under the strict roster the sequences' roster
   * changes go to survey-nominations, keyed like the responses (docs/wire-format.md, "survey-nominations").
   */
  static List<List<Published>> run(List<Sequence> sequences, ScoringConfig scoring, Path stateDir, int batchSize,
      Roster roster) {
    List<List<Published>> result = new ArrayList<>();
    for (int from = 0; from < sequences.size(); from += batchSize) {
      StreamsSettings settings = new StreamsSettings(KafkaConnection.plaintext("unused:9092"),
          "privacy-property-" + from, stateDir.resolve("batch-" + from), TOPICS, TopicSettings.defaults(), scoring,
          Map.of(), roster);
      try (TopologyTestDriver driver = new TopologyTestDriver(
          TeamScoresTopology.build(TOPICS, settings.scoring(), roster), settings.toProperties())) {
        TestInputTopic<ResponseKey, SurveyResponse> input = driver.createInputTopic(TOPICS.responses(),
            AvroSerdes.responseKey().serializer(), AvroSerdes.surveyResponse().serializer());
        TestInputTopic<ResponseKey, Nomination> nominations = driver.createInputTopic(TOPICS.nominations(),
            AvroSerdes.responseKey().serializer(), AvroSerdes.nomination().serializer());
        TestOutputTopic<TeamKey, TeamScores> scores = driver.createOutputTopic(TOPICS.scores(),
            AvroSerdes.teamKey().deserializer(), AvroSerdes.teamScores().deserializer());
        TestOutputTopic<String, String> json = driver.createOutputTopic(TOPICS.scoresJson(), new StringDeserializer(),
            new StringDeserializer());
        for (Sequence sequence : sequences.subList(from, Math.min(sequences.size(), from + batchSize))) {
          result.add(feed(sequence, input, nominations, scores, json));
        }
      }
    }
    return result;
  }

  private static List<Published> feed(Sequence sequence, TestInputTopic<ResponseKey, SurveyResponse> input,
      TestInputTopic<ResponseKey, Nomination> nominations, TestOutputTopic<TeamKey, TeamScores> scores,
      TestOutputTopic<String, String> json) {
    List<Published> published = new ArrayList<>();
    for (int moment = 0; moment < sequence.events().size(); moment++) {
      InputEvent event = sequence.events().get(moment);
      if (event instanceof InputEvent.Nominate nominate) {
        ResponseKey key = nominate.key();
        nominations.pipeInput(key, new Nomination(key.getCycleId(), nominate.team(), key.getSubjectId(),
            key.getRaterId(), nominate.group(), nominate.time()), nominate.time());
      } else if (event instanceof InputEvent.Unnominate removal) {
        nominations.pipeInput(removal.key(), null, removal.time());
      } else {
        SurveyResponse value = event instanceof InputEvent.Submit submit ? submit.response() : null;
        input.pipeInput(event.key(), value, event.time());
      }
      List<KeyValue<TeamKey, TeamScores>> avro = scores.readKeyValuesToList();
      List<KeyValue<String, String>> mirror = json.readKeyValuesToList();
      for (int i = 0; i < avro.size(); i++) {
        KeyValue<TeamKey, TeamScores> record = avro.get(i);
        String jsonValue = i < mirror.size() ? mirror.get(i).value : "<missing JSON record>";
        if (i < mirror.size() && !mirror.get(i).key.equals(TeamScoresTopology.jsonKey(record.key))) {
          jsonValue = "<JSON key " + mirror.get(i).key + ">";
        }
        published.add(new Published(moment, record.key, record.value, jsonValue));
      }
      if (mirror.size() > avro.size()) {
        published.add(new Published(moment, new TeamKey(sequence.cycle(), "<extra JSON>"), null, null));
      }
    }
    return published;
  }
}
