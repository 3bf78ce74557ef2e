--liquibase formatted sql

--changeset stocksync:0014-propagator-stock-rules
-- The per-shop overrides of the SKU's rules that came with its newest StockChanged (by shop id; {} when none).
alter table propagator_stock add column rules jsonb not null default '{}'::jsonb;
