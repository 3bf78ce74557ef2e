--liquibase formatted sql

--changeset stocksync:0015-propagator-unwritten
-- Changes a shop's consumer has passed but the shop has not been written yet: a backlog gathered in memory (its
-- records' offsets are committed as they are gathered, so the consumer reads on). Saved, with the change's truth in
-- propagator_stock, before the offset is committed, so a crash loses none of them: at start each shop's writer writes
-- the current truth of its rows. A row goes once the shop holds that version or a newer one, or there is nothing to
-- write (unmapped, excluded). A row left behind costs one idle decision at the next start.
create table propagator_unwritten (
    shop_id   text        not null,
    sku       text        not null,
    version   bigint      not null,
    saved_at  timestamptz not null,
    primary key (shop_id, sku)
);
