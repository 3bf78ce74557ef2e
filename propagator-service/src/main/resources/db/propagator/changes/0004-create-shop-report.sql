--liquibase formatted sql

--changeset stocksync:0004-propagator-shop-report
-- The shop's own word on its stock: the newest product.updated stock_quantity per (shop, SKU), from ingest's
-- product-stock topic. A write that would set what the shop already reports (after our last write) is skipped.
create table propagator_shop_report (
    shop_id       text        not null,
    sku           text        not null,
    product_id    bigint      not null,
    variation_id  bigint      not null,
    quantity      bigint      not null,
    event_id      text        not null,
    reported_at   timestamptz not null,
    primary key (shop_id, sku)
);

--changeset stocksync:0004-propagator-hand-edit
-- Every hand edit seen (a shop's stock changed by neither our write nor one of its orders) and what was done:
-- restore (the pool's quantity written back) or adopt (found - last written applied to the pool).
create table propagator_hand_edit (
    id            bigserial   primary key,
    shop_id       text        not null,
    sku           text        not null,
    product_id    bigint      not null,
    variation_id  bigint      not null,
    found         bigint      not null,
    last_written  bigint      not null,
    expected      bigint      not null,
    action        text        not null,
    detected_at   timestamptz not null
);
create index propagator_hand_edit_shop on propagator_hand_edit (shop_id, detected_at desc);
