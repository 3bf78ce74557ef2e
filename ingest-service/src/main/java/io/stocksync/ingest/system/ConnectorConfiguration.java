package io.stocksync.ingest.system;

import org.apache.catalina.connector.Connector;

import org.springframework.boot.tomcat.TomcatConnectorCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Applies {@link ConnectorBuffers} to Tomcat's connector. */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

	@Bean
	TomcatConnectorCustomizer connectorBuffers(ConnectorBuffers buffers) {
		return (connector) -> {
			String bytes = Integer.toString(buffers.socketBufferBytes());
			setProperty(connector, "socket.appReadBufSize", bytes);
			setProperty(connector, "socket.appWriteBufSize", bytes);
		};
	}

	private static void setProperty(Connector connector, String name, String value) {
		if (!connector.setProperty(name, value)) {
			throw new IllegalStateException("Tomcat's connector has no property " + name);
		}
	}

}
