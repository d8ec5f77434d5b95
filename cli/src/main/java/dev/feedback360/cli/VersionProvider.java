package dev.feedback360.cli;

import picocli.CommandLine.IVersionProvider;

/** Version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = Feedback360.class.getPackage().getImplementationVersion();
    return new String[] {"feedback360 " + (version == null ? "development build" : version)};
  }
}
