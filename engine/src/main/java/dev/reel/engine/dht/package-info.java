/**
 * A Mainline DHT node: KRPC over UDP and Kademlia routing.
 *
 * <p>Implements BEP 5 (DHT protocol: ping, find_node, get_peers, announce_peer; k-buckets with k = 8; write tokens),
 * BEP 42 (node ids derived from the external IPv4 address, with the loopback/private exemption) and the {@code ro}
 * flag of BEP 43 (read-only nodes), and BEP 32 (the IPv6 DHT): a {@link dev.reel.engine.dht.DhtNode} serves the IPv4
 * or the IPv6 DHT, by the family of its bind address, each with its own routing table. Compact node info is 26
 * bytes over IPv4 ({@code nodes}: 20-byte id, 4-byte address, 2-byte port) and 38 over IPv6 ({@code nodes6});
 * {@code values} peers are 6 or 18 bytes; find_node and get_peers honour {@code want} ("n4", "n6") for the family
 * the node serves. The IPv4 node's BEP 42 id rules do not apply to IPv6.
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
