--liquibase formatted sql

--changeset stocksync:0002-propagator-reconcile-report
-- The last drift check per shop (GET /admin/reconcile/last), kept across restarts. The report itself is the JSON the
-- admin API returns; the columns beside it are for a quick look with SQL.
create table propagator_reconcile_report (
    shop_id      text        primary key,
    started_at   timestamptz not null,
    finished_at  timestamptz not null,
    status       text        not null,
    drift        int         not null,
    corrected    int         not null,
    report       jsonb       not null
);
