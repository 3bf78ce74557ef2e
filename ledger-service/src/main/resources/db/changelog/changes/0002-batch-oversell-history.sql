--liquibase formatted sql

--changeset stocksync:0002-movement-detail
-- What exactly caused a movement: the event that carried it and, for orders, the lines and their move.
alter table stock_movement add column event_id text;
alter table stock_movement add column detail text;
create index stock_movement_cause on stock_movement (cause_type, cause_ref);

--changeset stocksync:0002-oversell
-- Orders that took a SKU below zero: which order, how many units it was short, and whether stock came back since.
create table oversell (
    id              bigserial   primary key,
    sku             text        not null,
    cause_type      text        not null,
    cause_ref       text        not null,
    quantity_short  bigint      not null,
    on_hand_after   bigint      not null,
    occurred_at     timestamptz not null,
    resolved_at     timestamptz
);
create index oversell_open on oversell (sku) where resolved_at is null;

--changeset stocksync:0002-order-line-determined-at
-- The date_modified_gmt of the newest snapshot that set this line's target; an older snapshot arriving late leaves
-- the line alone (see LineTargets.determinedLines).
alter table order_line add column determined_at timestamptz;
