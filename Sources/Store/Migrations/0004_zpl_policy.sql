-- What ready-made ZPL labels for a printer may hold: 'label' (only what draws a label) or 'device' (setup commands
-- too, for designer software that sends them).
ALTER TABLE gateway.printers
    ADD COLUMN zpl_policy text NOT NULL DEFAULT 'label' CHECK (zpl_policy IN ('label', 'device'));
