package io.entente.node.runtime;

import io.entente.core.bytes.Bytes;
import io.entente.node.p2p.InboundHandler;
import io.entente.node.p2p.P2pNetwork;
import io.entente.node.p2p.PeerId;
import io.entente.node.p2p.SendResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Between the p2p network and a node's channels: frames out are wrapped with their channel's name;
 * frames in go to the channel they name, and only when the sender is one of that channel's member
 * nodes and its session was not revoked. A malformed frame, a frame for a channel this node does
 * not serve and a frame from a non-member are dropped and counted; the node keeps running.
 */
public final class ChannelRouter implements InboundHandler, ChannelTransport {
  private static final System.Logger LOG = System.getLogger(ChannelRouter.class.getName());

  /** Counter names (with the reason appended where there is one). */
  public static final String FRAME_MALFORMED = "p2p.frame_malformed";

  public static final String FRAME_UNKNOWN_CHANNEL = "p2p.frame_unknown_channel";
  public static final String FRAME_FROM_NON_MEMBER = "p2p.frame_from_non_member";
  public static final String SEND_NOT_ACCEPTED = "p2p.send_not_accepted.";
  public static final String FRAME_FROM_REVOKED = "p2p.frame_from_revoked";

  private record Route(ChannelRuntime runtime, PeerMembership membership) {}

  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final NodeEvents events;
  private volatile P2pNetwork network;

  public ChannelRouter(NodeEvents events) {
    this.events = events;
  }

  /** The network frames go out on; set once it has started. */
  public void attach(P2pNetwork network) {
    this.network = network;
  }

  public void register(ChannelRuntime runtime, PeerMembership membership) {
    if (routes.putIfAbsent(runtime.channel(), new Route(runtime, membership)) != null) {
      throw new IllegalStateException("channel '" + runtime.channel() + "' registered twice");
    }
  }

  public Optional<ChannelRuntime> runtime(String channel) {
    return Optional.ofNullable(routes.get(channel)).map(Route::runtime);
  }

  /** A member that connects may have blocks this node lacks: each shared channel asks it. */
  public void connected(PeerId peer) {
    for (Route route : routes.values()) {
      if (route.membership().isMember(peer)) {
        route.runtime().syncWith(peer);
      }
    }
  }

  @Override
  public void send(PeerId to, String channel, Bytes wire) {
    P2pNetwork out = network;
    if (out == null) {
      events.count(channel, SEND_NOT_ACCEPTED + SendResult.NOT_CONNECTED);
      return;
    }
    SendResult result = out.send(to, new ChannelFrame(channel, wire).encode());
    if (!result.isAccepted()) {
      events.count(channel, SEND_NOT_ACCEPTED + result);
    }
  }

  @Override
  public void onFrame(PeerId from, byte[] frame) {
    Optional<ChannelFrame> decoded = ChannelFrame.decode(frame);
    if (decoded.isEmpty()) {
      events.count(NodeEvents.NODE, FRAME_MALFORMED);
      LOG.log(
          System.Logger.Level.DEBUG, "malformed frame of " + frame.length + " bytes from " + from);
      return;
    }
    Route route = routes.get(decoded.get().channel());
    if (route == null) {
      events.count(NodeEvents.NODE, FRAME_UNKNOWN_CHANNEL);
      return;
    }
    if (!route.membership().isMember(from)) {
      events.count(decoded.get().channel(), FRAME_FROM_NON_MEMBER);
      LOG.log(
          System.Logger.Level.WARNING,
          "dropped a frame of channel '"
              + decoded.get().channel()
              + "' from "
              + from
              + ", which is not a member node of it");
      return;
    }
    P2pNetwork in = network;
    if (in != null && in.refusesFramesOf(from)) {
      events.count(decoded.get().channel(), FRAME_FROM_REVOKED);
      return;
    }
    route.runtime().deliver(from, decoded.get().wire());
  }
}
