package io.stocksync.ingest.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.stocksync.common.json.JsonMappers;
import io.stocksync.ingest.system.IngestProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * A durable, append-only local store for the records Kafka could not take while a webhook
 * waited, so that a verified delivery can still be acknowledged. Every record is written
 * and {@code fsync}'d before {@link #append} returns; the drainer reads the records back
 * in the order they were written and removes them once Kafka acknowledged them.
 * <p>
 * Layout under {@code <data-dir>/spool}: segment files {@code segment-<n>.spool} with one
 * record per line ({@code <crc32c hex> <json>\n}), {@code drain.position} (segment and
 * byte offset of the next record to send) and {@code .lock}, which keeps a second process
 * from using the same directory. A new segment is started at every start and when the
 * active one exceeds the configured size; fully drained segments are deleted. A torn or
 * corrupt line (a crash in the middle of a write, which was therefore never acknowledged)
 * is logged and skipped. Sending is at least once: a crash between Kafka's
 * acknowledgement and the position update sends a record again, which the ledger's
 * order-line rule makes harmless.
 */
@Component
class DeliverySpool implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(DeliverySpool.class);

	private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.spool");

	private static final int READ_CHUNK = 4 * 1024 * 1024;

	private final Path directory;

	private final long segmentBytes;

	private final Object lock = new Object();

	/** Segment numbers on disk, oldest first. Guarded by {@link #lock}. */
	private final TreeSet<Long> segments = new TreeSet<>();

	private final FileChannel lockChannel;

	private final FileLock fileLock;

	/**
	 * The segment appends go to; {@code null} until the first append after start or after
	 * a roll.
	 */
	private FileChannel active;

	private long activeSeq = -1;

	private long activeSize;

	/** Valid records written and not yet acknowledged by Kafka. */
	private final AtomicLong pending = new AtomicLong();

	/** Next record to send; touched by the drainer thread only (and at start). */
	private long readSeq = -1;

	private long readOffset;

	private final Counter spooled;

	private final Counter drained;

	private final Counter corrupt;

	DeliverySpool(IngestProperties properties, MeterRegistry meters) {
		this.directory = Path.of(properties.dataDir()).resolve("spool").toAbsolutePath();
		this.segmentBytes = properties.spool().segmentSize().toBytes();
		try {
			Files.createDirectories(this.directory);
			this.lockChannel = FileChannel.open(this.directory.resolve(".lock"), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot use spool directory " + this.directory
					+ " (set STOCKSYNC_DATA_DIR to a writable, persistent directory): " + ex, ex);
		}
		this.fileLock = tryLock(this.lockChannel, this.directory);
		this.spooled = Counter.builder("stocksync.ingest.spool.spooled")
			.description("Records written to the local spool because Kafka did not acknowledge them")
			.register(meters);
		this.drained = Counter.builder("stocksync.ingest.spool.drained")
			.description("Spooled records Kafka has acknowledged since")
			.register(meters);
		this.corrupt = Counter.builder("stocksync.ingest.spool.corrupt")
			.description("Torn or corrupt spool lines skipped (never acknowledged to a shop)")
			.register(meters);
		Gauge.builder("stocksync.ingest.spool.pending", this.pending, AtomicLong::get)
			.description("Spooled records not yet on Kafka")
			.register(meters);
		recover();
	}

	private static FileLock tryLock(FileChannel channel, Path directory) {
		FileLock acquired;
		try {
			acquired = channel.tryLock();
		}
		catch (IOException | OverlappingFileLockException ex) {
			acquired = null;
		}
		if (acquired == null) {
			throw new IllegalStateException("spool directory " + directory
					+ " is in use by another ingest-service; give every instance its own STOCKSYNC_DATA_DIR");
		}
		return acquired;
	}

	Path directory() {
		return this.directory;
	}

	/**
	 * Whether every record ever spooled is on Kafka; only then may a delivery go to Kafka
	 * directly.
	 */
	boolean isEmpty() {
		return this.pending.get() == 0;
	}

	long pending() {
		return this.pending.get();
	}

	/**
	 * Writes the record and forces it to disk; when this returns the record survives a
	 * crash.
	 */
	void append(SpoolRecord record) throws IOException {
		byte[] json = JsonMappers.standard().writeValueAsBytes(record);
		byte[] prefix = (crc(json, json.length) + " ").getBytes(StandardCharsets.US_ASCII);
		ByteBuffer line = ByteBuffer.allocate(prefix.length + json.length + 1).put(prefix).put(json).put((byte) '\n');
		line.flip();
		synchronized (this.lock) {
			if (this.active == null) {
				openSegment();
			}
			try {
				while (line.hasRemaining()) {
					this.active.write(line);
				}
				this.active.force(false);
			}
			catch (IOException ex) {
				// Never append behind a torn line: the reader skips it, and the next
				// append starts a new segment.
				closeActive();
				throw ex;
			}
			this.activeSize += line.limit();
			this.pending.incrementAndGet();
			this.spooled.increment();
			if (this.activeSize >= this.segmentBytes) {
				closeActive();
			}
		}
	}

	/**
	 * The next records to send, oldest first, at most {@code max}; an empty batch with
	 * {@code segmentDone} when the oldest segment has nothing more; {@code null} when the
	 * spool holds no segment at all. Drainer thread only.
	 */
	Batch next(int max) throws IOException {
		long seq;
		long limit;
		synchronized (this.lock) {
			if (this.segments.isEmpty()) {
				return null;
			}
			seq = this.segments.first();
			limit = (seq == this.activeSeq) ? this.activeSize : -1;
		}
		if (seq != this.readSeq) {
			this.readSeq = seq;
			this.readOffset = 0;
		}
		List<Entry> entries = read(seq, this.readOffset, limit, max);
		boolean done = entries.isEmpty();
		return new Batch(seq, entries, done);
	}

	/**
	 * Lines of a segment from a byte offset up to {@code limit} (-1: the file's end), at
	 * most {@code max}.
	 */
	private List<Entry> read(long seq, long from, long limit, int max) throws IOException {
		Path file = segmentFile(seq);
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			long end = (limit >= 0) ? limit : channel.size();
			List<Entry> entries = new ArrayList<>();
			long offset = from;
			int chunk = READ_CHUNK;
			while (entries.size() < max && offset < end) {
				int length = (int) Math.min(chunk, end - offset);
				ByteBuffer buffer = ByteBuffer.allocate(length);
				while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) > 0) {
					// keep reading until the buffer is full or the file ends
				}
				byte[] bytes = buffer.array();
				int filled = buffer.position();
				int start = 0;
				int newline;
				while (entries.size() < max && (newline = indexOf(bytes, start, filled)) >= 0) {
					entries.add(parse(seq, bytes, start, newline, offset + newline + 1));
					start = newline + 1;
				}
				if (start == 0 && entries.size() < max) {
					if (offset + filled >= end) {
						// A last line without its newline: torn by a crash, never
						// acknowledged.
						logger.warn("Skipping a torn line of {} bytes at the end of spool segment {}", filled, file);
						this.corrupt.increment();
						entries.add(new Entry(seq, end, null));
						break;
					}
					chunk = chunk * 2; // a line longer than the chunk: read more at once
					continue;
				}
				offset += start;
			}
			return entries;
		}
	}

	/**
	 * Kafka acknowledged the records of a batch up to and including {@code upTo}. Drainer
	 * thread only.
	 */
	void commit(Entry upTo, int validCount) throws IOException {
		this.readSeq = upTo.seq();
		this.readOffset = upTo.endOffset();
		this.pending.addAndGet(-validCount);
		this.drained.increment(validCount);
		writePosition(this.readSeq, this.readOffset);
	}

	/**
	 * The oldest segment is fully sent: delete it (the active one only if nothing was
	 * appended since).
	 */
	void finishSegment(long seq) throws IOException {
		synchronized (this.lock) {
			if (seq == this.activeSeq) {
				if (this.activeSize > this.readOffset) {
					return;
				}
				closeActive();
			}
			Files.deleteIfExists(segmentFile(seq));
			this.segments.remove(seq);
			this.readSeq = -1;
			this.readOffset = 0;
			if (this.segments.isEmpty()) {
				Files.deleteIfExists(this.directory.resolve("drain.position"));
			}
			else {
				writePosition(this.segments.first(), 0);
			}
		}
	}

	private Entry parse(long seq, byte[] bytes, int start, int newline, long endOffset) {
		int space = indexOf(bytes, start, newline, (byte) ' ');
		if (space == start + 8) {
			String expected = new String(bytes, start, 8, StandardCharsets.US_ASCII);
			int jsonStart = space + 1;
			int jsonLength = newline - jsonStart;
			byte[] json = new byte[jsonLength];
			System.arraycopy(bytes, jsonStart, json, 0, jsonLength);
			if (expected.equals(crc(json, jsonLength))) {
				try {
					return new Entry(seq, endOffset, JsonMappers.standard().readValue(json, SpoolRecord.class));
				}
				catch (JacksonException ex) {
					// reported below
				}
			}
		}
		logger.error("Skipping a corrupt spool line in segment {} ending at byte {}", seq, endOffset);
		this.corrupt.increment();
		return new Entry(seq, endOffset, null);
	}

	private void recover() {
		try (Stream<Path> files = Files.list(this.directory)) {
			files.forEach((file) -> {
				Matcher matcher = SEGMENT.matcher(file.getFileName().toString());
				if (matcher.matches()) {
					this.segments.add(Long.parseLong(matcher.group(1)));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list spool directory " + this.directory, ex);
		}
		Path position = this.directory.resolve("drain.position");
		try {
			if (Files.isRegularFile(position) && !this.segments.isEmpty()) {
				String[] parts = Files.readString(position).trim().split(" ");
				long seq = Long.parseLong(parts[0]);
				for (Long sent : List.copyOf(this.segments.headSet(seq))) {
					Files.deleteIfExists(segmentFile(sent)); // sent before a crash, not
																// yet deleted
					this.segments.remove(sent);
				}
				if (this.segments.contains(seq)) {
					this.readSeq = seq;
					this.readOffset = Long.parseLong(parts[1]);
				}
			}
			long count = 0;
			for (long seq : this.segments) {
				long from = (seq == this.readSeq) ? this.readOffset : 0;
				count += read(seq, from, -1, Integer.MAX_VALUE).stream()
					.filter((entry) -> entry.record() != null)
					.count();
			}
			this.pending.set(count);
		}
		catch (IOException | RuntimeException ex) {
			throw new IllegalStateException("cannot read spool directory " + this.directory + ": " + ex, ex);
		}
		if (this.pending.get() > 0) {
			logger.warn("Spool {} holds {} records from an earlier run; they go to Kafka before anything new",
					this.directory, this.pending.get());
		}
		else {
			logger.info("Spool directory {} (empty)", this.directory);
		}
	}

	private void openSegment() throws IOException {
		long seq = this.segments.isEmpty() ? 1 : this.segments.last() + 1;
		Path file = segmentFile(seq);
		this.active = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
		this.activeSeq = seq;
		this.activeSize = 0;
		this.segments.add(seq);
		forceDirectory();
	}

	private void closeActive() {
		if (this.active != null) {
			try {
				this.active.close();
			}
			catch (IOException ex) {
				logger.warn("Closing spool segment {} failed: {}", this.activeSeq, ex.toString());
			}
		}
		this.active = null;
		this.activeSeq = -1;
		this.activeSize = 0;
	}

	private void writePosition(long seq, long offset) throws IOException {
		Path target = this.directory.resolve("drain.position");
		Path temporary = this.directory.resolve("drain.position.tmp");
		Files.writeString(temporary, seq + " " + offset + "\n");
		try {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (AtomicMoveNotSupportedException ex) {
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	/** Makes a new file's directory entry durable too (Linux; elsewhere best effort). */
	private void forceDirectory() {
		try (FileChannel dir = FileChannel.open(this.directory, StandardOpenOption.READ)) {
			dir.force(true);
		}
		catch (IOException ex) {
			// not supported on this platform; the file's own fsync still holds its
			// content
		}
	}

	private Path segmentFile(long seq) {
		return this.directory.resolve(String.format("segment-%012d.spool", seq));
	}

	private static String crc(byte[] bytes, int length) {
		CRC32C crc = new CRC32C();
		crc.update(bytes, 0, length);
		return HexFormat.of().toHexDigits((int) crc.getValue());
	}

	private static int indexOf(byte[] bytes, int from, int to) {
		return indexOf(bytes, from, to, (byte) '\n');
	}

	private static int indexOf(byte[] bytes, int from, int to, byte value) {
		for (int i = from; i < to; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	@Override
	public void destroy() throws IOException {
		synchronized (this.lock) {
			closeActive();
		}
		this.fileLock.release();
		this.lockChannel.close();
	}

	/**
	 * A line of a segment.
	 *
	 * @param seq the segment
	 * @param endOffset the byte after the line's newline
	 * @param record the record, {@code null} for a torn or corrupt line
	 */
	record Entry(long seq, long endOffset, SpoolRecord record) {
	}

	/**
	 * Records read from one segment.
	 *
	 * @param seq the segment
	 * @param entries the lines read, in order
	 * @param segmentDone nothing more to read in this segment
	 */
	record Batch(long seq, List<Entry> entries, boolean segmentDone) {
	}

}
