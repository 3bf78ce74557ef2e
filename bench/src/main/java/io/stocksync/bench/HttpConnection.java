package io.stocksync.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal blocking HTTP/1.1 client on one keep-alive connection: writes prebuilt
 * request bytes and reads the status and body (Content-Length or chunked). Far cheaper
 * per request than a general client, so the load generator leaves the CPU to the services
 * it measures. Reconnects when the server closes the connection.
 */
final class HttpConnection implements AutoCloseable {

	private final int port;

	private final int timeoutMillis;

	private Socket socket;

	private InputStream in;

	private OutputStream out;

	HttpConnection(int port, int timeoutMillis) {
		this.port = port;
		this.timeoutMillis = timeoutMillis;
	}

	/**
	 * Sends one request; returns the status and the body. Throws on I/O errors (the
	 * connection is then closed).
	 */
	Response send(byte[] request) throws IOException {
		if (this.socket == null) {
			connect();
		}
		try {
			this.out.write(request);
			this.out.flush();
			return read();
		}
		catch (IOException ex) {
			close();
			throw ex;
		}
	}

	private void connect() throws IOException {
		this.socket = new Socket();
		this.socket.setTcpNoDelay(true);
		this.socket.connect(new InetSocketAddress("127.0.0.1", this.port), this.timeoutMillis);
		this.socket.setSoTimeout(this.timeoutMillis);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
		this.out = this.socket.getOutputStream();
	}

	private Response read() throws IOException {
		String statusLine = line();
		if (statusLine == null) {
			throw new IOException("connection closed before a response");
		}
		String[] parts = statusLine.split(" ", 3);
		int status = Integer.parseInt(parts[1]);
		long length = -1;
		boolean chunked = false;
		boolean close = false;
		String header;
		while ((header = line()) != null && !header.isEmpty()) {
			int colon = header.indexOf(':');
			if (colon < 0) {
				continue;
			}
			String name = header.substring(0, colon).trim();
			String value = header.substring(colon + 1).trim();
			if (name.equalsIgnoreCase("Content-Length")) {
				length = Long.parseLong(value);
			}
			else if (name.equalsIgnoreCase("Transfer-Encoding") && value.equalsIgnoreCase("chunked")) {
				chunked = true;
			}
			else if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
				close = true;
			}
		}
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		if (chunked) {
			String size;
			while ((size = line()) != null) {
				int chunk = Integer.parseInt(size.split(";", 2)[0].trim(), 16);
				if (chunk == 0) {
					line(); // the empty line after the last chunk (no trailers)
					break;
				}
				body.write(this.in.readNBytes(chunk));
				line();
			}
		}
		else if (length >= 0) {
			body.write(this.in.readNBytes((int) length));
		}
		else {
			body.write(this.in.readAllBytes());
			close = true;
		}
		if (close) {
			close();
		}
		return new Response(status, body.toString(StandardCharsets.UTF_8));
	}

	private String line() throws IOException {
		StringBuilder line = new StringBuilder();
		int b;
		while ((b = this.in.read()) != -1) {
			if (b == '\n') {
				int end = line.length();
				return (end > 0 && line.charAt(end - 1) == '\r') ? line.substring(0, end - 1) : line.toString();
			}
			line.append((char) b);
		}
		return (line.length() > 0) ? line.toString() : null;
	}

	@Override
	public void close() {
		if (this.socket != null) {
			try {
				this.socket.close();
			}
			catch (IOException ex) {
				// closing anyway
			}
			this.socket = null;
		}
	}

	record Response(int status, String body) {
	}

}
