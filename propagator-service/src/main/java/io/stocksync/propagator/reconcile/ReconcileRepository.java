package io.stocksync.propagator.reconcile;

import java.sql.Timestamp;
import java.util.List;

import io.stocksync.common.json.JsonMappers;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The last drift report per shop ({@code propagator_reconcile_report}). */
@Repository
class ReconcileRepository {

	private static final RowMapper<ReconcileReport> REPORT = (rs, row) -> JsonMappers.standard()
		.readValue(rs.getString("report"), ReconcileReport.class);

	private final JdbcClient jdbc;

	ReconcileRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void save(ReconcileReport report) {
		this.jdbc.sql("""
				insert into propagator_reconcile_report (shop_id, started_at, finished_at, status, drift, corrected,
				                                         report)
				values (:shop, :startedAt, :finishedAt, :status, :drift, :corrected, cast(:report as jsonb))
				on conflict (shop_id) do update
				   set started_at = excluded.started_at, finished_at = excluded.finished_at, status = excluded.status,
				       drift = excluded.drift, corrected = excluded.corrected, report = excluded.report
				""")
			.param("shop", report.shop())
			.param("startedAt", Timestamp.from(report.startedAt()))
			.param("finishedAt", Timestamp.from(report.finishedAt()))
			.param("status", report.status())
			.param("drift", report.drift())
			.param("corrected", report.corrected())
			.param("report", JsonMappers.standard().writeValueAsString(report))
			.update();
	}

	/**
	 * The last report of each shop, by shop id; {@code shopId} may be null for all shops.
	 */
	List<ReconcileReport> last(String shopId) {
		return this.jdbc.sql("""
				select report from propagator_reconcile_report
				 where cast(:shop as text) is null or shop_id = :shop
				 order by shop_id
				""").param("shop", shopId).query(REPORT).list();
	}

}
