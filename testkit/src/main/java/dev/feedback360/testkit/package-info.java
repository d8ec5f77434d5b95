/**
 * Test support shared by the modules' tests: response builders ({@link dev.feedback360.testkit.Responses}), the
 * worked example of docs/scoring.md ({@link dev.feedback360.testkit.WorkedExample}), unique topic names
 * ({@link dev.feedback360.testkit.UniqueTopics}), a responses-topic writer ({@link dev.feedback360.testkit.ResponseLog}),
 * the embedded broker as a JUnit 5 extension ({@link dev.feedback360.testkit.EmbeddedBroker}), the broker's log files
 * ({@link dev.feedback360.testkit.LogFiles}) and a server-sent-event recorder
 * ({@link dev.feedback360.testkit.SseRecorder}).
 *
 * <p>The code lives in {@code src/main} so that other modules can depend on it, always with
 * {@code <scope>test</scope>}: nothing here reaches the command-line tool's jar, its {@code lib/} directory or an
 * image.
 */
package dev.feedback360.testkit;
