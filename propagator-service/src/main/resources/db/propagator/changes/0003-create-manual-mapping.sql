--liquibase formatted sql

--changeset stocksync:0003-propagator-manual-mapping
-- Mappings an operator sets by hand (CSV import): they win over what the catalogue says, e.g. for a shop whose
-- product carries a different SKU or lists a SKU twice.
create table propagator_manual_mapping (
    shop_id       text        not null,
    sku           text        not null,
    product_id    bigint      not null,
    variation_id  bigint      not null default 0,
    updated_at    timestamptz not null,
    primary key (shop_id, sku)
);
