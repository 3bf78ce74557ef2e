package io.stocksync.ingest.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a webhook's raw body once, into an array exactly as long as the body. Shops send
 * a {@code Content-Length}: a body of up to {@value #EXACT_READ_BYTES} bytes (an order
 * with dozens of lines) is read straight into an array of that size. A larger one, or one
 * without a length (chunked), is read as it arrives, up to one byte past the limit: an
 * array of the declared size is not allocated before any of it has come, so clients that
 * declare large bodies and send nothing cannot take the heap.
 * {@link InputStream#readNBytes(int)} with the limit alone allocated a 16 KB buffer and
 * then a copy for every delivery: a third of everything ingest allocated per webhook
 * (JFR, docs/benchmarks.md), and so of its young collections.
 */
public final class WebhookBody {

	static final int EXACT_READ_BYTES = 64 * 1024;

	private WebhookBody() {
	}

	/**
	 * @param request the delivery
	 * @param maxBytes the largest body accepted
	 * @return the body, or {@code null} when it is longer than {@code maxBytes} (declared
	 * or read)
	 * @throws IOException when the body cannot be read
	 */
	public static byte[] read(HttpServletRequest request, long maxBytes) throws IOException {
		long declared = request.getContentLengthLong();
		if (declared > maxBytes) {
			return null;
		}
		byte[] body;
		try (InputStream in = request.getInputStream()) {
			if (declared >= 0 && declared <= EXACT_READ_BYTES) {
				byte[] exact = new byte[(int) declared];
				int read = in.readNBytes(exact, 0, exact.length);
				// a client that stops early sends fewer bytes than it declared
				body = (read == exact.length) ? exact : Arrays.copyOf(exact, read);
			}
			else {
				body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
			}
		}
		return (body.length > maxBytes) ? null : body;
	}

}
