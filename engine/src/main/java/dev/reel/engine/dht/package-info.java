/**
 * A Mainline DHT node: KRPC over UDP and Kademlia routing.
 *
 * <p>Implements BEP 5 (DHT protocol: ping, find_node, get_peers, announce_peer; k-buckets with k = 8; write tokens),
 * BEP 42 (node ids derived from the external IPv4 address, with the loopback/private exemption) and the {@code ro}
 * flag of BEP 43 (read-only nodes). IPv4 only: compact node info is 26 bytes (20-byte id, 4-byte address, 2-byte
 * port); BEP 32 (IPv6 DHT) is not implemented.
 *
 * <p>Joining ({@link dev.reel.engine.dht.DhtNode#bootstrap}) follows Kademlia section 2.3: a lookup of our own id,
 * then one lookup of a random id in each distance range farther than our k-th nearest node that holds fewer than k
 * of our nodes, so that lookups passing through a young network's tables can cross the far parts of the id space.
 * The node counts as joined ({@link dev.reel.engine.dht.DhtNode.Join#ready}) after the self-lookup; the range
 * refreshes go on in the background ({@link dev.reel.engine.dht.DhtNode.Join#done}).
 *
 * <p>The entry point is {@link dev.reel.engine.dht.DhtNode}, configured by {@link dev.reel.engine.dht.DhtConfig}. The
 * pure parts ({@link dev.reel.engine.dht.RoutingTable}, {@link dev.reel.engine.dht.TokenManager}, {@link
 * dev.reel.engine.dht.QueryRateLimiter}, {@link dev.reel.engine.dht.PeerStore}) take the time as a parameter.
 */
package dev.reel.engine.dht;
