-- The gateway processes alive now, by site, so that a printer whose site has no gateway says so.
CREATE TABLE gateway.gateways (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    owner text NOT NULL UNIQUE,
    -- Empty: drives the printers of every site.
    site text NOT NULL DEFAULT '',
    last_seen_at timestamptz NOT NULL DEFAULT now(),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER gateways_touch BEFORE UPDATE ON gateway.gateways
    FOR EACH ROW EXECUTE FUNCTION gateway.touch_updated_at();
