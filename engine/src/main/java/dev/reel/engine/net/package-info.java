/** Small network helpers shared by trackers, peer exchange and the DHT: compact peer lists (BEP 23, BEP 7). */
package dev.reel.engine.net;
