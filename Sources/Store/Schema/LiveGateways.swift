/// When a gateway counts as alive: seen (``GatewayPresence``) within ``staleAfterSeconds``.
public enum LiveGateways {
    /// A gateway not seen for this long is gone.
    public static let staleAfterSeconds = 30

    /// SQL true when printer `p` has a live gateway: one of its site or one driving every site.
    static let liveGatewayCondition = """
        EXISTS (SELECT 1 FROM gateway.gateways g
                WHERE g.last_seen_at > now() - make_interval(secs => \(staleAfterSeconds))
                  AND (g.site = '' OR g.site = p.site))
        """
}
