package dev.reel.app.library;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * One SQLite file, migrated by Flyway, behind one connection and a lock.
 *
 * <p>Thread-safety: every call takes a {@link ReentrantLock} (not {@code synchronized}, so a virtual thread waiting
 * for it does not pin its carrier on JDK 21), so calls from any number of threads are serialised inside this
 * process. Other processes (a second Reel on the same data folder) are handled by SQLite itself: WAL lets readers
 * run beside one writer, write transactions start with {@code BEGIN IMMEDIATE} so they take the write lock up front
 * (no upgrade deadlock), and the busy timeout makes a writer wait {@link #BUSY_TIMEOUT_MILLIS} for the lock instead
 * of failing with SQLITE_BUSY.
 *
 * <p>Failure: SQL errors surface as {@link LibraryException} (unchecked) with the statement's purpose in the message.
 */
final class Database implements AutoCloseable {
  /** How long a writer waits for another process's write lock before SQLITE_BUSY. */
  static final int BUSY_TIMEOUT_MILLIS = 10_000;
  /** Where the Flyway migrations V1__..., V2__... live on the classpath. */
  static final String MIGRATIONS = "classpath:db/library";

  private final Path file;
  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  private boolean closed;

  private Database(Path file, Connection connection) {
    this.file = file;
    this.connection = connection;
  }

  /** Opens (creating the folder and the file if needed) and migrates the database to the newest version. */
  static Database open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
    } catch (java.io.IOException e) {
      throw new LibraryException("cannot create the folder of " + file + ": " + e.getMessage(), e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource dataSource = new SQLiteDataSource(config);
    dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations(MIGRATIONS)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new LibraryException("cannot migrate the library " + file + ": " + e.getMessage(), e);
    }
    try {
      Connection connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      return new Database(file, connection);
    } catch (SQLException e) {
      throw new LibraryException("cannot open the library " + file + ": " + e.getMessage(), e);
    }
  }

  Path file() {
    return file;
  }

  /** Runs {@code work} in one write transaction: all its statements commit together or none do. */
  <T> T write(String purpose, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      connection.setAutoCommit(false); // BEGIN IMMEDIATE (transaction mode above) on the first statement
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      } finally {
        connection.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw new LibraryException("cannot " + purpose + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Runs {@code work} outside a transaction (each statement on its own); for reads. */
  <T> T read(String purpose, Work<T> work) {
    lock.lock();
    try {
      ensureOpen();
      return work.run(connection);
    } catch (SQLException e) {
      throw new LibraryException("cannot " + purpose + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  /** Closes the connection; later calls fail with {@link IllegalStateException}. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      connection.close();
    } catch (SQLException e) {
      throw new LibraryException("cannot close the library " + file + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("the library " + file + " is closed");
    }
  }

  /** A unit of JDBC work on the one connection. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection connection) throws SQLException;
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet row) throws SQLException;
  }

  // Small JDBC helpers shared by the stores.

  static PreparedStatement prepare(Connection connection, String sql, Object... args) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < args.length; i++) {
      statement.setObject(i + 1, args[i]);
    }
    return statement;
  }

  static int update(Connection connection, String sql, Object... args) throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, args)) {
      return statement.executeUpdate();
    }
  }

  static <T> List<T> query(Connection connection, RowMapper<T> mapper, String sql, Object... args)
      throws SQLException {
    try (PreparedStatement statement = prepare(connection, sql, args);
        ResultSet rows = statement.executeQuery()) {
      List<T> result = new ArrayList<>();
      while (rows.next()) {
        result.add(mapper.map(rows));
      }
      return result;
    }
  }

  static <T> java.util.Optional<T> queryOne(Connection connection, RowMapper<T> mapper, String sql, Object... args)
      throws SQLException {
    List<T> rows = query(connection, mapper, sql, args);
    return rows.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(rows.get(0));
  }

  static long queryLong(Connection connection, String sql, Object... args) throws SQLException {
    return queryOne(connection, row -> row.getLong(1), sql, args).orElse(0L);
  }

  /** A nullable INTEGER column as an Integer. */
  static Integer nullableInt(ResultSet row, String column) throws SQLException {
    int value = row.getInt(column);
    return row.wasNull() ? null : value;
  }
}
