/**
 * Transfer rates: {@link dev.reel.engine.rate.RateEstimator} measures bytes/s over a sliding window and
 * {@link dev.reel.engine.rate.RateLimiter} caps them with a token bucket (global and per-torrent limits chain via a
 * parent). Unlike the picker and choker, both classes are thread-safe: peer connections on many virtual threads
 * share them.
 */
package dev.reel.engine.rate;
