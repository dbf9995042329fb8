package io.identsphere.jaxrs;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** Records everything one java.util.logging logger (the System.Logger backend) logs, while open. */
final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger; // held strongly: JUL forgets the level of a collected logger
  private final Level before;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture(Class<?> source) {
    logger = Logger.getLogger(source.getName());
    before = logger.getLevel();
    setLevel(Level.ALL);
    logger.setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** The messages logged at exactly this level (System.Logger DEBUG is FINE, WARNING is WARNING). */
  List<String> at(Level level) {
    return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).collect(Collectors.toList());
  }

  List<String> all() {
    return records.stream().map(LogRecord::getMessage).collect(Collectors.toList());
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(before);
  }
}
