package dev.reel.engine;

/**
 * Receives engine events. Called on engine threads: implementations must be quick and thread-safe, and must not call
 * blocking engine methods from inside the callback.
 */
@FunctionalInterface
public interface EngineListener {
  EngineListener NONE = event -> {};

  void onEvent(EngineEvent event);
}
